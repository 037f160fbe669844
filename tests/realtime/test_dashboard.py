"""The live dashboard: funnel figures in the viewer's scope, amounts only if readable."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from models.clock import FrozenClock
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
    return {"dashboard_coalesce_seconds": 0.02, "dashboard_recheck_seconds": 0.05}


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


OVERDUE = "subscription { dashboard { tasksOverdue } }"
TASK_CREATE = "mutation($input: TaskCreateInput!) { taskCreate(input: $input) { id } }"
TASK_COMPLETE = "mutation($input: TaskCompleteInput!) { taskComplete(input: $input) { id } }"


async def _until_overdue(heard: Subscriber, count: int) -> int:
    while True:
        overdue = (await heard.next())["dashboard"]["tasksOverdue"]
        if overdue == count:
            return int(overdue)


async def test_overdue_tasks_count_in_scope_and_drop_when_done(
    api: GraphQLClient, ws_url: str, clock: FrozenClock
) -> None:
    manager = await signed_in(api, "manager")
    other = await signed_in(api, "salesperson", email="far@acme.test", department="Support")
    late = (clock.now() - timedelta(hours=1)).isoformat()

    async with subscribed(ws_url, manager.access_token, OVERDUE) as heard:
        assert (await heard.next())["dashboard"]["tasksOverdue"] == 0
        for assignee in (other, manager):  # the first one is outside the manager's scope
            made = await api.ok(
                TASK_CREATE,
                {"input": {"title": "Call", "dueAt": late, "assigneeId": crm.gid(assignee.user)}},
                token=assignee.access_token,
            )
        assert await _until_overdue(heard, 1) == 1
        await api.ok(
            TASK_COMPLETE, {"input": {"id": made["taskCreate"]["id"]}}, token=manager.access_token
        )
        assert await _until_overdue(heard, 0) == 0


async def test_a_task_falling_due_updates_the_dashboard_without_any_change(
    api: GraphQLClient, ws_url: str, clock: FrozenClock
) -> None:
    manager = await signed_in(api, "manager")
    soon = (clock.now() + timedelta(hours=1)).isoformat()
    await api.ok(
        TASK_CREATE, {"input": {"title": "Call", "dueAt": soon}}, token=manager.access_token
    )

    async with subscribed(ws_url, manager.access_token, OVERDUE) as heard:
        assert (await heard.next())["dashboard"]["tasksOverdue"] == 0
        clock.advance(hours=2)
        assert await _until_overdue(heard, 1) == 1
