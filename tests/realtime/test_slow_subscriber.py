"""A subscriber that falls too far behind is disconnected with a reason, not buffered forever."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets
from starlette.applications import Starlette

from realtime.relay import number_batch
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

EVENTS = "subscription { recordEvents(objects: [DEAL]) { cursor } }"
CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"subscriber_queue_size": 2}


async def test_a_subscriber_that_falls_behind_is_closed_with_4429(
    api: GraphQLClient, app: Starlette, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    stage = crm.gid(await crm.first_stage(await crm.pipeline()))
    create = {"input": {"title": "Warm-up", "stageId": stage}}

    async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        init = {"Authorization": f"Bearer {owner.access_token}"}
        await socket.send(json.dumps({"type": "connection_init", "payload": init}))
        await socket.recv()
        await socket.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": EVENTS}})
        )
        # Given a live subscription (one event proves it is registered)...
        await api.ok(CREATE, create, token=owner.access_token)
        assert json.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "next"
        # ...when five events reach it at once (relay paused, then one catch-up pass)...
        await app.state.relay.stop()
        for i in range(5):
            await api.ok(
                CREATE, {"input": {"title": f"D{i}", "stageId": stage}}, token=owner.access_token
            )
        await number_batch()
        await app.state.services.stream.catch_up()
        # ...then it is told why and disconnected, rather than buffered.
        with pytest.raises(websockets.ConnectionClosed) as closed:
            while True:
                await asyncio.wait_for(socket.recv(), 10)

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4429
    assert "behind" in closed.value.rcvd.reason
