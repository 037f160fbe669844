"""The live dashboard: funnel figures in the viewer's scope, amounts only if readable."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import Subscriber, subscribed

DASHBOARD = """
subscription($id: ID) {
  dashboard(pipelineId: $id) {
    stages { stage { name } open { count amounts { amount currency } } }
    open { count amounts { amount } }
  }
}
"""
CREATE = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"dashboard_coalesce_seconds": 0.02}


async def _until_open_count(heard: Subscriber, count: int) -> dict[str, Any]:
    """Updates may coalesce: read until the open count reaches ``count``."""
    while True:
        figures = (await heard.next())["dashboard"]
        if figures["open"]["count"] >= count:
            return figures


async def test_a_manager_sees_counts_and_amounts_per_stage(api: GraphQLClient, ws_url: str) -> None:
    owner = await signed_in(api, "owner")
    manager = await signed_in(api, "manager")
    pipe = await crm.pipeline(stages=("New", "Won"))
    stage = crm.gid(await crm.first_stage(pipe))

    async with subscribed(ws_url, manager.access_token, DASHBOARD, {"id": crm.gid(pipe)}) as heard:
        first = (await heard.next())["dashboard"]
        for amount in ("100.00", "50.00"):
            await api.ok(
                CREATE,
                {"input": {"title": "D", "stageId": stage, "amount": amount}},
                token=owner.access_token,
            )
        figures = await _until_open_count(heard, 2)

    assert first["open"]["count"] == 0
    new, won = figures["stages"]
    assert new == {
        "stage": {"name": "New"},
        "open": {"count": 2, "amounts": [{"amount": "150.00", "currency": "EUR"}]},
    }
    assert won["open"]["count"] == 0


async def test_figures_count_only_the_viewers_scope_and_hide_unreadable_amounts(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    marketing = await signed_in(api, "marketing", department="Marketing")
    support = await crm.department("Support")
    sales = await crm.department("Sales")
    pipe = await crm.pipeline()
    stage = crm.gid(await crm.first_stage(pipe))
    variables = {"id": crm.gid(pipe)}

    async with (
        subscribed(ws_url, seller.access_token, DASHBOARD, variables) as seller_heard,
        subscribed(ws_url, marketing.access_token, DASHBOARD, variables) as marketing_heard,
    ):
        await seller_heard.next()
        await marketing_heard.next()
        for dept in (support, sales):
            await api.ok(
                CREATE,
                {"input": {"title": "D", "stageId": stage, "departmentId": crm.gid(dept)}},
                token=owner.access_token,
            )
        marketing_view = await _until_open_count(marketing_heard, 2)
        seller_view = (await seller_heard.next())["dashboard"]

    assert seller_view["open"]["count"] == 1
    assert marketing_view["open"] == {"count": 2, "amounts": None}
