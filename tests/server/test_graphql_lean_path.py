"""A plain POST is answered by the lean path (server/graphql_lean.py), anything unusual by
Strawberry's view; a client cannot tell which. A request body with ``"extensions": {}`` always
takes Strawberry's path, so each request here is sent both ways and the answers compared:
status, media type and body."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest

from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

ACCEPTS = ["application/json", "application/graphql-response+json", ""]
CASES: dict[str, dict[str, Any]] = {
    "typename": {"query": "{ __typename }"},
    "data": {"query": "query { me { email role { template } } }"},
    "named operation": {
        "query": "query A { __typename } query B { me { email } }",
        "operationName": "B",
    },
    "a forbidden field": {"query": "query { auditLog(first: 1) { totalCount } }"},
    "a bad variable": {
        "query": "query($n: Int!) { contacts(first: $n) { totalCount } }",
        "variables": {"n": "many"},
    },
    "a missing variable": {"query": "query($n: Int!) { contacts(first: $n) { totalCount } }"},
    "a failing mutation": {
        "query": "mutation($id: ID!) { userDeactivate(id: $id) { id } }",
        "variables": {"id": "VXNlcjo5OTk5OTk="},
    },
}


async def _both_ways(
    http: httpx.AsyncClient, body: dict[str, Any], headers: dict[str, str]
) -> tuple[httpx.Response, httpx.Response]:
    lean = await http.post("/graphql", json=body, headers=headers)
    full = await http.post("/graphql", json={**body, "extensions": {}}, headers=headers)
    return lean, full


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("case", list(CASES))
async def test_both_paths_answer_alike(
    api: GraphQLClient, http: httpx.AsyncClient, case: str, accept: str
) -> None:
    seller = await signed_in(api, "salesperson")
    headers = {"authorization": f"Bearer {seller.access_token}"}
    if accept:
        headers["accept"] = accept
    lean, full = await _both_ways(http, CASES[case], headers)
    assert (lean.status_code, lean.headers["content-type"]) == (
        full.status_code,
        full.headers["content-type"],
    )
    assert lean.json() == full.json()


async def test_a_refused_token_is_answered_alike(http: httpx.AsyncClient) -> None:
    for headers in ({"authorization": "Bearer nope"}, {"authorization": "Basic x"}, {}):
        lean, full = await _both_ways(http, {"query": "query { me { email } }"}, headers)
        assert lean.status_code == full.status_code
        assert lean.json() == full.json()
        assert lean.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("accept", ACCEPTS)
async def test_transport_errors_are_answered_alike(http: httpx.AsyncClient, accept: str) -> None:
    """A body over TANDEM_MAX_BODY_BYTES (1 MiB by default), and a body in another media type,
    whichever path the request would have taken."""
    headers = {"accept": accept} if accept else {}
    big = {"query": "{ __typename }" + " " * (1024 * 1024)}
    lean, full = await _both_ways(http, big, headers)
    assert (lean.status_code, full.status_code) == (413, 413)
    assert lean.headers["content-type"] == full.headers["content-type"]
    assert lean.json() == full.json()
    for media in ("text/plain", "application/xml"):
        answers = [
            await http.post(
                "/graphql", content=orjson.dumps(body), headers={**headers, "content-type": media}
            )
            for body in ({"query": "{ __typename }"}, {"query": "{ __typename }", "extensions": {}})
        ]
        assert [a.status_code for a in answers] == [415, 415]
        assert answers[0].json() == answers[1].json()
        assert answers[0].json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
