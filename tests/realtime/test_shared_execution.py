"""Results shared between subscribers of one role never carry one subscriber's scope to another.

An event's selection is executed once per role and document when it reads only the event and
the record's own columns (schema/shared_execution.py). These tests hold two subscribers of the
same role whose scopes differ, on the same document, and check each gets its own answer.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import websockets

from models.access.policy import from_fields
from models.role import Role
from tests.support import crm
from tests.support.accounts import make_user, sign_in, signed_in
from tests.support.graphql import GraphQLClient

PROTOCOL = "graphql-transport-ws"
UPDATE = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }"
WITH_COMPANY = """
subscription($pipelineId: ID!) {
  pipelineEvents(pipelineId: $pipelineId) {
    kind changedFields record { ... on Deal { title company { name } } }
  }
}
"""
OWN_COLUMNS = """
subscription($pipelineId: ID!) {
  pipelineEvents(pipelineId: $pipelineId) { kind changedFields record { ... on Deal { title } } }
}
"""


@asynccontextmanager
async def raw_subscription(
    ws_url: str, token: str, document: str, variables: dict[str, Any]
) -> AsyncIterator[websockets.ClientConnection]:
    """A bare graphql-transport-ws subscriber: payloads are read with their errors."""
    async with websockets.connect(ws_url, subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
        await socket.send(json.dumps(init))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        payload = {"query": document, "variables": variables}
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        # A query on the same socket answers only after the subscription is registered.
        ping = {"id": "2", "type": "subscribe", "payload": {"query": "{ __typename }"}}
        await socket.send(json.dumps(ping))
        while json.loads(await asyncio.wait_for(socket.recv(), 10)).get("id") != "2":
            pass
        yield socket


async def next_payload(socket: websockets.ClientConnection) -> dict[str, Any]:
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), 10))
        if message.get("id") == "1" and message["type"] == "next":
            payload: dict[str, Any] = message["payload"]
            return payload


async def test_a_related_record_is_resolved_per_subscriber_within_one_role(
    api: GraphQLClient, ws_url: str
) -> None:
    sales = await crm.department("Sales")
    own_companies = await Role.create(
        name="Deals, own companies",
        level=30,
        permissions={
            "pipeline": from_fields(["read"], "all", "own", {"name": "read"}),
            "deal": from_fields(["read"], "all", "own", {"title": "read", "company": "read"}),
            "company": from_fields(["read"], "own", "own", {"name": "read"}),
        },
    )
    holder = await sign_in(api, await make_user(own_companies.name, email="holder@acme.test"))
    other = await sign_in(api, await make_user(own_companies.name, email="other@acme.test"))
    owner = await signed_in(api, "owner")
    company = await crm.company(holder.user, sales, name="Holder's Co")
    deal = await crm.deal(owner.user, sales, company=company, title="Boxes")
    variables = {"pipelineId": crm.gid(await deal.pipeline)}

    async with (
        raw_subscription(ws_url, holder.access_token, WITH_COMPANY, variables) as holders,
        raw_subscription(ws_url, other.access_token, WITH_COMPANY, variables) as others,
        raw_subscription(ws_url, other.access_token, OWN_COLUMNS, variables) as plain,
    ):
        await api.ok(
            UPDATE, {"input": {"id": crm.gid(deal), "title": "Crates"}}, token=owner.access_token
        )
        seen_by_holder = await next_payload(holders)
        seen_by_other = await next_payload(others)
        seen_plain = await next_payload(plain)

    record = seen_by_holder["data"]["pipelineEvents"]["record"]
    assert record == {"title": "Crates", "company": {"name": "Holder's Co"}}
    assert "errors" not in seen_by_holder
    record = seen_by_other["data"]["pipelineEvents"]["record"]
    assert record == {"title": "Crates", "company": None}
    assert [e["extensions"]["code"] for e in seen_by_other["errors"]] == ["NOT_FOUND"]
    assert "Holder" not in json.dumps(seen_by_other)
    assert seen_plain["data"]["pipelineEvents"] == {
        "kind": "UPDATED",
        "changedFields": ["title"],
        "record": {"title": "Crates"},
    }
