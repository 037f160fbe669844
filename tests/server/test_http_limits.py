"""The HTTP transport (GraphQL-over-HTTP): bodies above a limit are 413 before they are read,
a mutation over GET is 405 with ``Allow: POST``, a body in another media type is 415, and each
of these answers is GraphQL-shaped JSON for a client that accepts JSON. The same on every
endpoint that takes a body, whichever path (lean or Strawberry's) would have answered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from models.contact import Contact
from models.import_job import ImportJob
from models.lead import Lead
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

LIMIT = 4096
IMPORT_LIMIT = 2048
FORM_LIMIT = 512
JSON_ACCEPTS = ["application/json", "application/graphql-response+json", "*/*", ""]


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "max_body_bytes": LIMIT,
        "import_max_bytes": IMPORT_LIMIT,
        "form_max_bytes": FORM_LIMIT,
    }


def _code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def _chunks(total: int, size: int = 1000) -> AsyncIterator[bytes]:
    """A body without Content-Length (chunked): only counting while reading can refuse it."""
    sent = 0
    while sent < total:
        yield b" " * min(size, total - sent)
        sent += size


def _big_query(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"query": "{ __typename }" + " " * LIMIT, **(extra or {})}


@pytest.mark.parametrize("accept", JSON_ACCEPTS)
@pytest.mark.parametrize("path", ["lean", "strawberry"])
async def test_a_body_above_the_limit_is_413_on_either_path(
    http: httpx.AsyncClient, accept: str, path: str
) -> None:
    body = _big_query({"extensions": {}} if path == "strawberry" else None)
    headers = {"accept": accept} if accept else {}
    response = await http.post("/graphql", json=body, headers=headers)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith(
        "application/graphql-response+json" if "graphql-response" in accept else "application/json"
    )
    assert response.json() == {
        "errors": [
            {
                "message": f"The request body is larger than {LIMIT} bytes",
                "extensions": {"code": "PAYLOAD_TOO_LARGE"},
            }
        ]
    }


async def test_a_body_below_the_limit_is_answered(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": "{ __typename }" + " " * (LIMIT // 2)})
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_a_chunked_body_is_counted_as_it_arrives(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=_chunks(LIMIT * 50), headers={"content-type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert _code(response) == "PAYLOAD_TOO_LARGE"


async def test_a_declared_length_above_the_limit_is_refused_up_front(
    http: httpx.AsyncClient,
) -> None:
    # The body sent is small: the answer comes from Content-Length, before anything is read.
    response = await http.post(
        "/graphql",
        content=b"{}",
        headers={"content-type": "application/json", "content-length": str(LIMIT + 1)},
    )
    assert response.status_code == 413
    assert _code(response) == "PAYLOAD_TOO_LARGE"


async def test_a_client_that_accepts_no_json_gets_plain_text(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json=_big_query(), headers={"accept": "text/html"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/plain")
    assert "larger than" in response.text


@pytest.mark.parametrize("accept", JSON_ACCEPTS)
async def test_a_mutation_over_get_is_405_with_allow_post(
    http: httpx.AsyncClient, api: GraphQLClient, accept: str
) -> None:
    headers = {"accept": accept} if accept else {}
    response = await http.get(
        "/graphql",
        params={"query": 'mutation { login(email: "a@b.test", password: "x") { accessToken } }'},
        headers=headers,
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert _code(response) == "METHOD_NOT_ALLOWED"
    assert "mutations are not allowed" in response.json()["errors"][0]["message"]


async def test_a_query_over_get_still_works(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", params={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    "media", ["text/plain", "application/xml", "application/x-www-form-urlencoded", "text/csv"]
)
async def test_an_unsupported_media_type_is_415(http: httpx.AsyncClient, media: str) -> None:
    response = await http.post(
        "/graphql", content=b'{"query": "{ __typename }"}', headers={"content-type": media}
    )
    assert response.status_code == 415
    assert _code(response) == "UNSUPPORTED_MEDIA_TYPE"


async def test_json_with_a_charset_is_accepted(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql",
        content=b'{"query": "{ __typename }"}',
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200


async def test_a_malformed_json_body_is_a_graphql_shaped_400(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert _code(response) == "BAD_REQUEST"


async def test_an_import_above_its_limit_is_413_and_creates_no_job(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")
    headers = {"content-type": "text/csv", "authorization": f"Bearer {owner.access_token}"}
    row = "Ada,Lovelace,ada@example.com\n"
    body = "firstName,lastName,email\n" + row * (IMPORT_LIMIT // len(row) + 1)
    declared = await http.post("/import/contacts", content=body.encode(), headers=headers)
    chunked = await http.post(
        "/import/contacts", content=_chunks(IMPORT_LIMIT * 4), headers=headers
    )
    for response in (declared, chunked):
        assert response.status_code == 413
        assert _code(response) == "PAYLOAD_TOO_LARGE"
    assert (await Contact.all().count(), await ImportJob.all().count()) == (0, 0)


async def test_a_lead_form_above_its_limit_is_413_and_writes_nothing(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post(
        "/forms/leads", json={"name": "Ada", "comment": "x" * FORM_LIMIT, "formKey": "tdk_x"}
    )
    assert response.status_code == 413
    assert _code(response) == "PAYLOAD_TOO_LARGE"
    assert await Lead.all().count() == 0
