"""Shared subscriptions' frames written straight from the event stream (realtime/direct.py).

Each operation gets its own frame around the shared payload, on either protocol; an operation
the client completed gets nothing more while the others on its socket carry on; a client that
changes role mid-subscription is answered per its new role from the next event on.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import websockets

from tests.support import crm
from tests.support.accounts import my_role_id, role_id, signed_in
from tests.support.graphql import GraphQLClient

EVENTS = """
subscription {
  recordEvents(objects: [DEAL]) { kind record { ... on Deal { title cost { amount } } } }
}
"""
CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }"
USER_UPDATE = "mutation($input: UserUpdateInput!) { userUpdate(input: $input) { id } }"
ODD_ID = 'op "1" \\ é'


async def _open(ws_url: str, token: str, protocol: str) -> websockets.ClientConnection:
    socket = await websockets.connect(ws_url, subprotocols=[protocol])  # type: ignore[list-item]
    await socket.send(
        json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
    )
    assert json.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "connection_ack"
    return socket


async def _start(socket: websockets.ClientConnection, op: str, query: str, legacy: bool) -> None:
    kind = "start" if legacy else "subscribe"
    await socket.send(json.dumps({"id": op, "type": kind, "payload": {"query": query}}))


async def _settled(
    socket: websockets.ClientConnection, legacy: bool, op: str
) -> list[dict[str, Any]]:
    """Start an operation that answers at once (a query; on graphql-ws, which runs no queries,
    a subscription refused at validation) and return every frame read before its answer:
    operations started before it are registered by then, and frames already due have arrived."""
    await _start(socket, op, "subscription { nope }" if legacy else "{ __typename }", legacy)
    frames: list[dict[str, Any]] = []
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), 10))
        if message.get("id") == op:
            if message["type"] in ("next", "data", "error"):
                return frames
            continue
        if message["type"] != "ka":
            frames.append(message)


async def _frames_for(
    socket: websockets.ClientConnection, ops: set[str], kind: str
) -> dict[str, dict[str, Any]]:
    """The next frame of each operation in ``ops``."""
    got: dict[str, dict[str, Any]] = {}
    while set(got) != ops:
        message = json.loads(await asyncio.wait_for(socket.recv(), 10))
        if message.get("id") in ops and message["type"] == kind:
            assert message["id"] not in got, "one frame per operation per event"
            got[message["id"]] = message["payload"]
    return got


async def test_each_operation_gets_its_own_frame_on_both_protocols(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    modern = await _open(ws_url, seller.access_token, "graphql-transport-ws")
    legacy = await _open(ws_url, seller.access_token, "graphql-ws")
    try:
        await _start(modern, "a", EVENTS, legacy=False)
        await _start(modern, ODD_ID, EVENTS, legacy=False)
        await _start(legacy, "L", EVENTS, legacy=True)
        await _settled(modern, False, "p1")
        await _settled(legacy, True, "p2")

        create = {"input": {"title": "Direct", "stageId": stage, "cost": "5"}}
        await api.ok(CREATE, create, token=owner.access_token)
        on_modern = await _frames_for(modern, {"a", ODD_ID}, "next")
        on_legacy = await _frames_for(legacy, {"L"}, "data")

        payloads = [on_modern["a"], on_modern[ODD_ID], on_legacy["L"]]
        assert payloads[0] == payloads[1] == payloads[2]
        event = payloads[0]["data"]["recordEvents"]
        assert event["kind"] == "CREATED"
        assert event["record"] == {"title": "Direct", "cost": None}
        # The salesperson's hidden field: null with FORBIDDEN, as on the regular path.
        assert [e["extensions"]["code"] for e in payloads[0]["errors"]] == ["FORBIDDEN"]

        # Completing one operation stops its frames; the other on the socket carries on.
        await modern.send(json.dumps({"id": "a", "type": "complete"}))
        await _settled(modern, False, "p3")
        await api.ok(
            CREATE, {"input": {"title": "After", "stageId": stage}}, token=owner.access_token
        )
        after = await _frames_for(modern, {ODD_ID}, "next")
        assert after[ODD_ID]["data"]["recordEvents"]["record"]["title"] == "After"
        late = await _settled(modern, False, "p4")
        assert [m for m in late if m.get("id") == "a"] == []
    finally:
        await modern.close()
        await legacy.close()


async def test_a_role_change_applies_from_the_next_event(api: GraphQLClient, ws_url: str) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    manager_role = await role_id(api, "manager")
    socket = await _open(ws_url, seller.access_token, "graphql-transport-ws")
    try:
        await _start(socket, "s", EVENTS, legacy=False)
        await _settled(socket, False, "p1")
        one = {"input": {"title": "One", "stageId": stage, "cost": "7"}}
        await api.ok(CREATE, one, token=owner.access_token)
        before = (await _frames_for(socket, {"s"}, "next"))["s"]
        assert before["data"]["recordEvents"]["record"]["cost"] is None

        change = {"input": {"id": crm.gid(seller.user), "roleId": manager_role}}
        await api.ok(USER_UPDATE, change, token=owner.access_token)
        two = {"input": {"title": "Two", "stageId": stage, "cost": "7"}}
        await api.ok(CREATE, two, token=owner.access_token)
        after = (await _frames_for(socket, {"s"}, "next"))["s"]
        assert after["data"]["recordEvents"]["record"]["title"] == "Two"
        assert after["data"]["recordEvents"]["record"]["cost"]["amount"] in ("7", "7.00")
        assert "errors" not in after
        assert await my_role_id(api, seller.access_token) == manager_role
    finally:
        await socket.close()
