"""Automation rules that notify, and idle rules run by the scheduler: through the API."""

from __future__ import annotations

from starlette.applications import Starlette

from models.clock import FrozenClock
from models.notification import Notification
from models.task import Task
from server.scheduler import Scheduler
from tests.sales.automation_support import DEAL_CREATE, sales_pipeline
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

MINE = """
{ notifications { edges { node { kind text subject { id ... on Deal { title } } actor { id } } } } }
"""


async def test_a_notify_rule_tells_the_user_it_names_about_the_new_deal(
    api: GraphQLClient,
) -> None:
    sales = await sales_pipeline(api)
    seller = await signed_in(api, "salesperson")
    await sales.rule(
        {"kind": "DEAL_CREATED"},
        {"kind": "NOTIFY", "userId": crm.gid(seller.user), "text": "A new deal to look at"},
    )

    made = await api.ok(
        DEAL_CREATE,
        {"input": {"title": "Acme", "stageId": sales.stage("New")}},
        token=sales.owner.access_token,
    )

    heard = await api.ok(MINE, token=seller.access_token)
    assert [e["node"] for e in heard["notifications"]["edges"]] == [
        {
            "kind": "AUTOMATION",
            "text": "A new deal to look at",
            "subject": {"id": made["dealCreate"]["id"], "title": "Acme"},
            "actor": None,
        }
    ]


async def test_a_notify_rule_tells_nobody_who_may_not_see_the_deal(api: GraphQLClient) -> None:
    sales = await sales_pipeline(api)
    far = await signed_in(api, "salesperson", email="far@acme.test", department="Support")
    await sales.rule(
        {"kind": "DEAL_CREATED"},
        {"kind": "NOTIFY", "userId": crm.gid(far.user), "text": "A new deal"},
    )
    sales_dept = await crm.department("Sales")

    await api.ok(
        DEAL_CREATE,
        {
            "input": {
                "title": "Acme",
                "stageId": sales.stage("New"),
                "departmentId": crm.gid(sales_dept),
            }
        },
        token=sales.owner.access_token,
    )

    heard = await api.ok(MINE, token=far.access_token)
    assert heard["notifications"]["edges"] == []
    assert await Notification.all().count() == 0


async def test_the_scheduler_runs_idle_rules(
    api: GraphQLClient, app: Starlette, clock: FrozenClock
) -> None:
    sales = await sales_pipeline(api)
    await sales.rule(
        {"kind": "DEAL_IDLE", "days": 7}, {"kind": "CREATE_TASK", "title": "Wake it up"}
    )
    deal = await crm.deal(sales.owner.user, stage=sales.stages[0], title="idle")
    scheduler: Scheduler = app.state.scheduler

    early = await scheduler.tick()
    clock.advance(days=8)
    due = await scheduler.tick()

    assert (early.idle_rules, due.idle_rules) == (0, 1)
    assert await Task.filter(title="Wake it up", target_id=deal.id).count() == 1
