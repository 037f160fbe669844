"""POST /forms/leads: a website's form creates leads with a form key, rate-limited per key and
per IP, with a honeypot, size limits and validated fields, telling nothing about the server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from models.audit import AuditEntry
from models.clock import FrozenClock
from models.lead import Lead
from models.outbox import OutboxEvent
from tests.support.accounts import Account, signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant
from tests.support.subscriber import subscribed

CREATE_KEY = "mutation($in: ApiKeyCreateInput!) { apiKeyCreate(input: $in) { key } }"
ME = "query { me { email } }"
FORM_FIELDS = {f: "write" for f in ("name", "email", "phone", "comment", "companyName", "source")}
ADA = {"name": "Ada Lovelace", "email": "ada@example.com", "comment": "Call me"}


async def form_key(
    api: GraphQLClient, admin: Account, *, can_create: bool = True, form_only: bool = True
) -> str:
    ops = ["create", "read"] if can_create else ["read"]
    fields = FORM_FIELDS if can_create else dict.fromkeys(FORM_FIELDS, "read")
    role = await custom_role("Web form", 20, {"lead": grant(ops, "own", "own", fields)})
    data = await api.ok(
        CREATE_KEY,
        {"in": {"name": "Site", "roleId": gid(role), "formOnly": form_only}},
        token=admin.access_token,
    )
    return str(data["apiKeyCreate"]["key"])


@pytest.fixture
async def admin(api: GraphQLClient) -> Account:
    return await signed_in(api, "admin")


@pytest.fixture
async def visitor(app: Starlette) -> AsyncIterator[Any]:
    """A browser at an IP of its choosing."""
    clients: list[httpx.AsyncClient] = []

    def at(ip: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(ip, 50000))
        client = httpx.AsyncClient(transport=transport, base_url="http://tandem.test")
        clients.append(client)
        return client

    yield at
    for client in clients:
        await client.aclose()


async def submit(
    client: httpx.AsyncClient, key: str | None, body: dict[str, Any]
) -> httpx.Response:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    return await client.post("/forms/leads", json=body, headers=headers)


def error_of(response: httpx.Response) -> dict[str, Any]:
    return dict(response.json()["errors"][0])


async def test_a_submission_creates_a_web_form_lead_with_audit_and_event(
    api: GraphQLClient, admin: Account, http: httpx.AsyncClient
) -> None:
    key = await form_key(api, admin)

    response = await submit(http, key, {**ADA, "phone": "+34 600 111 222"})

    assert (response.status_code, response.json()) == (201, {"ok": True})
    lead = await Lead.get(name="Ada Lovelace")
    assert (lead.source, lead.email, lead.phone, lead.owner_id) == (
        "web form",
        "ada@example.com",
        "+34600111222",
        admin.user.id,
    )
    assert await AuditEntry.filter(action="lead.create", record_id=lead.pk).count() == 1
    assert await OutboxEvent.filter(object="lead", record_id=lead.pk, kind="created").count() == 1


async def test_a_plain_html_form_sends_the_key_as_a_hidden_field(
    api: GraphQLClient, admin: Account, http: httpx.AsyncClient
) -> None:
    key = await form_key(api, admin)

    response = await http.post(
        "/forms/leads", data={"formKey": key, "name": "Grace", "phone": "+34 600 111 333"}
    )

    assert response.status_code == 201
    assert (await Lead.get(name="Grace")).phone == "+34600111333"


async def test_a_filled_honeypot_is_thanked_and_ignored(
    api: GraphQLClient, admin: Account, http: httpx.AsyncClient
) -> None:
    key = await form_key(api, admin)

    response = await submit(http, key, {**ADA, "website": "http://spam.example"})

    assert response.status_code == 201
    assert await Lead.all().count() == 0


async def test_a_bad_email_is_refused_naming_the_field(
    api: GraphQLClient, admin: Account, http: httpx.AsyncClient
) -> None:
    key = await form_key(api, admin)

    response = await submit(http, key, {**ADA, "email": "not-an-address"})

    assert response.status_code == 400
    assert error_of(response)["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}
    assert await Lead.all().count() == 0


async def test_an_oversized_body_or_field_is_refused(
    api: GraphQLClient, admin: Account, http: httpx.AsyncClient
) -> None:
    key = await form_key(api, admin)

    huge = await submit(http, key, {**ADA, "comment": "x" * 20_000})
    long = await submit(http, key, {**ADA, "comment": "x" * 2_001})

    assert huge.status_code == 413
    assert error_of(huge)["extensions"] == {"code": "PAYLOAD_TOO_LARGE"}
    assert error_of(long)["extensions"] == {"code": "BAD_USER_INPUT", "field": "comment"}
    assert await Lead.all().count() == 0


async def test_missing_unknown_api_and_session_credentials_get_the_same_answer(
    api: GraphQLClient, admin: Account, http: httpx.AsyncClient
) -> None:
    api_key = await form_key(api, admin, form_only=False)
    answers = [
        await submit(http, None, ADA),
        await submit(http, "tdk_not-a-real-key", ADA),
        await submit(http, admin.access_token, ADA),
        await submit(http, api_key, ADA),
    ]

    assert {r.status_code for r in answers} == {401}
    assert {error_of(r)["message"] for r in answers} == {"A form key is required"}
    assert await Lead.all().count() == 0


async def test_a_key_whose_role_cannot_create_leads_is_forbidden_without_details(
    api: GraphQLClient, admin: Account, http: httpx.AsyncClient
) -> None:
    key = await form_key(api, admin, can_create=False)

    response = await submit(http, key, ADA)

    assert response.status_code == 403
    assert error_of(response) == {
        "message": "This form key cannot capture leads",
        "extensions": {"code": "FORBIDDEN"},
    }
    assert await Lead.all().count() == 0


async def test_one_ip_is_limited_until_its_window_passes(
    api: GraphQLClient, admin: Account, visitor: Any, clock: FrozenClock
) -> None:
    key = await form_key(api, admin)
    spammer, neighbour = visitor("203.0.113.7"), visitor("198.51.100.2")
    for i in range(5):
        assert (await submit(spammer, key, {**ADA, "name": f"P{i}"})).status_code == 201

    refused = await submit(spammer, key, ADA)
    other = await submit(neighbour, key, ADA)
    clock.advance(seconds=61)
    later = await submit(spammer, key, ADA)

    assert refused.status_code == 429
    assert error_of(refused)["extensions"]["code"] == "RATE_LIMITED"
    assert 1 <= error_of(refused)["extensions"]["retryAfter"] <= 60
    assert refused.headers["retry-after"] == str(error_of(refused)["extensions"]["retryAfter"])
    assert (other.status_code, later.status_code) == (201, 201)
    assert await Lead.all().count() == 7


@pytest.mark.parametrize("settings_overrides", [{"form_rate_per_key": 2}])
async def test_one_key_is_limited_whatever_the_ips(
    api: GraphQLClient, admin: Account, visitor: Any, clock: FrozenClock
) -> None:
    key = await form_key(api, admin)
    answers = [await submit(visitor(f"192.0.2.{i}"), key, ADA) for i in range(3)]

    assert [r.status_code for r in answers] == [201, 201, 429]
    assert error_of(answers[2])["extensions"]["code"] == "RATE_LIMITED"


async def test_a_form_key_opens_nothing_but_the_form(
    api: GraphQLClient, admin: Account, http: httpx.AsyncClient
) -> None:
    key = await form_key(api, admin)

    error = await api.error(ME, token=key)
    upload = await http.post(
        "/import/contacts",
        content="firstName\nAda\n",
        headers={"authorization": f"Bearer {key}", "content-type": "text/csv"},
    )

    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert upload.status_code == 401


LEAD_EVENTS = """
subscription { recordEvents(objects: [LEAD], after: "0") {
  kind object changedFields record { ... on Lead { name source } } } }
"""


async def test_a_captured_lead_is_heard_by_lead_subscribers(
    api: GraphQLClient, admin: Account, http: httpx.AsyncClient, ws_url: str
) -> None:
    key = await form_key(api, admin)

    async with subscribed(ws_url, admin.access_token, LEAD_EVENTS) as heard:
        await submit(http, key, ADA)
        event = (await heard.next())["recordEvents"]

    assert (event["kind"], event["object"]) == ("CREATED", "LEAD")
    assert event["record"] == {"name": "Ada Lovelace", "source": "web form"}
    assert {"name", "email", "source"} <= set(event["changedFields"])
