"""Websocket sign-in: bad tokens close with 4401, and so do sockets whose user is deactivated."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets

from models.clock import FrozenClock
from tests.support.accounts import my_id, role_id, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer, token_in

PROTOCOL = "graphql-transport-ws"


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"ws_recheck_seconds": 0.05, "smtp_url": smtp_server.url}


async def closed_with(socket: websockets.ClientConnection) -> tuple[int, str]:
    """Read until the server closes the socket; return its close code and reason."""
    with pytest.raises(websockets.ConnectionClosed) as closed:
        while True:
            await asyncio.wait_for(socket.recv(), 5)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code, closed.value.rcvd.reason


async def open_socket(ws_url: str, token: str) -> websockets.ClientConnection:
    socket = await websockets.connect(ws_url, subprotocols=[PROTOCOL])  # type: ignore[list-item]
    init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
    await socket.send(json.dumps(init))
    assert json.loads(await socket.recv())["type"] == "connection_ack"
    return socket


async def close_code_after_init(ws_url: str, payload: dict[str, str], subprotocol: str) -> int:
    async with websockets.connect(ws_url, subprotocols=[subprotocol]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
        code, _ = await closed_with(socket)
    return code


@pytest.mark.parametrize("subprotocol", ["graphql-transport-ws", "graphql-ws"])
async def test_a_bad_token_closes_the_socket_with_4401(ws_url: str, subprotocol: str) -> None:
    code = await close_code_after_init(ws_url, {"Authorization": "Bearer nope"}, subprotocol)
    assert code == 4401


async def test_no_token_closes_the_socket_with_4401(ws_url: str) -> None:
    assert await close_code_after_init(ws_url, {}, PROTOCOL) == 4401


async def test_deactivating_a_user_closes_their_open_socket(
    ws_url: str, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    seller_id = await my_id(api, seller)
    async with await open_socket(ws_url, seller.access_token) as socket:
        await api.ok(
            "mutation($id: ID!) { userDeactivate(id: $id) { id } }",
            {"id": seller_id},
            token=owner.access_token,
        )
        code, _ = await closed_with(socket)
    assert code == 4401


async def test_a_socket_whose_token_expires_is_closed(
    ws_url: str, api: GraphQLClient, clock: FrozenClock
) -> None:
    seller = await signed_in(api, "salesperson")
    async with await open_socket(ws_url, seller.access_token) as socket:
        clock.advance(minutes=15, seconds=1)
        assert await closed_with(socket) == (4401, "Access token expired")


async def ask(socket: websockets.ClientConnection, query: str, op: str) -> dict[str, Any]:
    """Run one query over the open socket (graphql-transport-ws) and return its data."""
    await socket.send(json.dumps({"id": op, "type": "subscribe", "payload": {"query": query}}))
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), 5))
        if message.get("id") == op and message["type"] == "next":
            data: dict[str, Any] = message["payload"]["data"]
            return data


async def test_signing_out_everywhere_closes_open_sockets_at_the_next_recheck(
    ws_url: str, api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    """A password reset ends every session without any event: the batched re-check finds the
    changed session version and closes the socket."""
    seller = await signed_in(api, "salesperson")
    async with await open_socket(ws_url, seller.access_token) as socket:
        await api.ok(
            "mutation($e: String!) { passwordResetRequest(email: $e) }", {"e": seller.email}
        )
        token = token_in(await smtp_server.inbox.next_to(seller.email))
        await api.ok(
            "mutation($t: String!, $p: String!) { passwordReset(token: $t, newPassword: $p) }",
            {"t": token, "p": "another-long-unusual-passphrase"},
        )
        assert await closed_with(socket) == (4401, "This session has ended; sign in again")


async def test_a_role_change_applies_to_the_open_socket(ws_url: str, api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    seller_id = await my_id(api, seller)
    manager_role = await role_id(api, "manager")
    async with await open_socket(ws_url, seller.access_token) as socket:
        assert (await ask(socket, "{ me { role { template } } }", "before"))["me"]["role"][
            "template"
        ] == ("salesperson")
        await api.ok(
            "mutation($in: UserUpdateInput!) { userUpdate(input: $in) { id } }",
            {"in": {"id": seller_id, "roleId": manager_role}},
            token=owner.access_token,
        )
        keys = []
        for attempt in range(200):  # the user event reaches the socket's guard shortly
            data = await ask(socket, "{ me { role { template } } }", f"after-{attempt}")
            keys.append(data["me"]["role"]["template"])
            if keys[-1] == "manager":
                break
        assert keys[-1] == "manager"
