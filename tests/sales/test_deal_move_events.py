"""A dealMove is heard live on the pipeline's topic as one MOVED event."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette

from models.pipeline import Stage
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.live import serve
from tests.support.subscriber import subscribed

PIPELINE_EVENTS = """
subscription($pipelineId: ID!) {
  pipelineEvents(pipelineId: $pipelineId, after: "0") {
    kind recordId changedFields record { ... on Deal { position stage { name } } }
  }
}
"""
MOVE = "mutation($input: DealMoveInput!) { dealMove(input: $input) { id } }"


@pytest.fixture
async def ws_url(app: Starlette) -> AsyncIterator[str]:
    async with serve(app) as base:
        yield base.replace("http://", "ws://") + "/graphql"


async def test_a_board_hears_a_move_once_as_moved(api: GraphQLClient, ws_url: str) -> None:
    seller = await signed_in(api, "salesperson")
    sales = await crm.department("Sales")
    pipe = await crm.pipeline(stages=("New", "Won"))
    new, won = await Stage.filter(pipeline_id=pipe.id).order_by("position")
    deal = await crm.deal(seller.user, sales, stage=new)

    async with subscribed(
        ws_url, seller.access_token, PIPELINE_EVENTS, {"pipelineId": crm.gid(pipe)}
    ) as heard:
        await api.ok(
            MOVE,
            {"input": {"id": crm.gid(deal), "stageId": crm.gid(won), "position": 0}},
            token=seller.access_token,
        )
        event = (await heard.next())["pipelineEvents"]

    assert event["kind"] == "MOVED"
    assert event["recordId"] == crm.gid(deal)
    assert set(event["changedFields"]) == {"stage", "position"}
    assert event["record"] == {"position": 1024, "stage": {"name": "Won"}}
