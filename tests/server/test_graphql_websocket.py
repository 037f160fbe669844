"""The GraphQL endpoint over WebSocket, through a real uvicorn server and real clients."""

from __future__ import annotations

import json

import httpx
import pytest
import websockets
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

SERVER_INFO = gql("query { serverInfo { version } }")


@pytest.fixture
async def token(api: GraphQLClient) -> str:
    return (await signed_in(api)).access_token


async def test_a_query_runs_over_graphql_transport_ws(ws_url: str, token: str) -> None:
    transport = WebsocketsTransport(
        url=ws_url,
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        init_payload={"Authorization": f"Bearer {token}"},
    )
    async with Client(transport=transport) as session:
        result = await session.execute(SERVER_INFO)
    assert result["serverInfo"]["version"]


async def test_the_legacy_graphql_ws_protocol_is_accepted(ws_url: str, token: str) -> None:
    # The legacy protocol carries subscriptions only; its handshake is what a client needs here.
    async with websockets.connect(ws_url, subprotocols=["graphql-ws"]) as socket:  # type: ignore[list-item]
        assert socket.subprotocol == "graphql-ws"
        init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
        await socket.send(json.dumps(init))
        assert json.loads(await socket.recv())["type"] == "connection_ack"


async def test_an_unknown_subprotocol_is_closed_with_4406(ws_url: str) -> None:
    async with websockets.connect(ws_url, subprotocols=["chat"]) as socket:  # type: ignore[list-item]
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4406


async def test_an_open_graphql_socket_is_counted_in_the_metrics(
    ws_url: str, token: str, http: httpx.AsyncClient
) -> None:
    # An open GraphQL websocket is counted by the metrics middleware like any other.
    async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
        await socket.send(json.dumps(init))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        metrics = (await http.get("/metrics")).text
    assert "tandem_websockets_open 1.0" in metrics


async def test_a_websocket_to_another_path_is_refused(ws_url: str) -> None:
    other = ws_url.removesuffix("/graphql") + "/healthz"
    with pytest.raises(websockets.InvalidStatus):
        async with websockets.connect(other):
            pass
