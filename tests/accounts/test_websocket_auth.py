"""Websocket sign-in: bad tokens close with 4401, and so do sockets whose user is deactivated."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets

from models.clock import FrozenClock
from tests.support.accounts import my_id, signed_in
from tests.support.graphql import GraphQLClient

PROTOCOL = "graphql-transport-ws"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"ws_recheck_seconds": 0.05}


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
