"""Automation rules' guards: a failing action rolls back the change that triggered it, rules
moving a deal back and forth stop after one round, idle rules run once per idle period."""

from __future__ import annotations

from datetime import timedelta

from models.automation_idle import run_idle_rules
from models.clock import FrozenClock
from models.deal import Deal
from models.deal_history import DealStageChange
from models.outbox import OutboxEvent
from models.task import Task
from models.user import User
from tests.sales.automation_support import (
    DEAL_CREATE,
    LOG,
    MOVE,
    sales_pipeline,
)
from tests.support import crm
from tests.support.accounts import my_id, signed_in
from tests.support.graphql import GraphQLClient


async def test_a_failing_action_rolls_back_the_change_that_triggered_it(
    api: GraphQLClient,
) -> None:
    sales = await sales_pipeline(api)
    leaver = await signed_in(api, "salesperson")
    await sales.rule(
        {"kind": "STAGE_ENTERED", "stageId": sales.stage("Proposal")},
        {"kind": "CREATE_TASK", "title": "Send proposal"},
        {"kind": "ASSIGN_OWNER", "userId": await my_id(api, leaver)},
    )
    deal = await crm.deal(sales.owner.user, stage=sales.stages[0])
    # The rule's user leaves after the rule was written: its action can no longer run.
    await User.filter(id=leaver.user.id).update(is_active=False)
    events_before = await OutboxEvent.all().count()

    error = await api.error(
        MOVE,
        {"input": {"id": crm.gid(deal), "stageId": sales.stage("Proposal"), "position": 0}},
        token=sales.owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "automationRule"}
    stored = await Deal.get(id=deal.id)
    assert (stored.stage_id, stored.version) == (sales.stages[0].id, 1)
    assert await Task.all().count() == 0
    assert await DealStageChange.all().count() == 0
    assert await OutboxEvent.all().count() == events_before


async def test_a_failing_action_rolls_back_a_created_deal(api: GraphQLClient) -> None:
    sales = await sales_pipeline(api)
    # NOTIFY goes to the deal's owner, who must be an active user.
    await sales.rule({"kind": "DEAL_CREATED"}, {"kind": "NOTIFY", "text": "New deal"})
    deal_owner = await signed_in(api, "salesperson")
    await User.filter(id=deal_owner.user.id).update(is_active=False)

    error = await api.error(
        DEAL_CREATE,
        {
            "input": {
                "title": "Acme",
                "stageId": sales.stage("New"),
                "ownerId": crm.gid(deal_owner.user),
            }
        },
        token=sales.owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "automationRule"}
    assert await Deal.all().count() == 0


async def test_rules_moving_a_deal_back_and_forth_stop_after_one_round(
    api: GraphQLClient,
) -> None:
    sales = await sales_pipeline(api)
    await sales.rule(
        {"kind": "STAGE_ENTERED", "stageId": sales.stage("Proposal")},
        {"kind": "MOVE_TO_STAGE", "stageId": sales.stage("Won")},
    )
    await sales.rule(
        {"kind": "STAGE_ENTERED", "stageId": sales.stage("Won")},
        {"kind": "MOVE_TO_STAGE", "stageId": sales.stage("Proposal")},
    )
    deal = await crm.deal(sales.owner.user, stage=sales.stages[0])

    await api.ok(
        MOVE,
        {"input": {"id": crm.gid(deal), "stageId": sales.stage("Proposal"), "position": 0}},
        token=sales.owner.access_token,
    )

    history = await sales.history(crm.gid(deal))
    assert [h["toStage"]["name"] for h in history["stageHistory"]] == [
        "Proposal",
        "Won",
        "Proposal",
    ]
    assert history["stage"] == {"name": "Proposal"}


async def test_an_idle_deal_is_handled_once_per_idle_period(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    sales = await sales_pipeline(api)
    await sales.rule(
        {"kind": "DEAL_IDLE", "days": 7}, {"kind": "CREATE_TASK", "title": "Wake it up"}
    )
    idle = await crm.deal(sales.owner.user, stage=sales.stages[0], title="idle")
    talked_to = await crm.deal(sales.owner.user, stage=sales.stages[0], title="talked")
    await crm.deal(sales.owner.user, stage=sales.stages[0], title="won", status="won")
    call_at = clock.now() + timedelta(days=5)
    await api.ok(
        LOG,
        {
            "input": {
                "kind": "call",
                "dealId": crm.gid(talked_to),
                "occurredAt": call_at.isoformat(),
            }
        },
        token=sales.owner.access_token,
    )

    first = await run_idle_rules(clock.now() + timedelta(days=8))
    again = await run_idle_rules(clock.now() + timedelta(days=9))
    later = await run_idle_rules(clock.now() + timedelta(days=16))

    assert (first, again) == (1, 0)
    # A week after it was handled, still idle: handled again; the other deal's call is old now.
    assert later == 2
    tasks = await Task.filter(title="Wake it up").order_by("id").values_list("target_id", flat=True)
    assert tasks == [idle.id, idle.id, talked_to.id]
    run = await OutboxEvent.filter(object="task").first()
    assert run is not None and run.actor_id == sales.owner.user.id


async def test_an_idle_rule_moving_the_deal_triggers_that_stages_rules(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    sales = await sales_pipeline(api)
    await sales.rule(
        {"kind": "DEAL_IDLE", "days": 30}, {"kind": "MOVE_TO_STAGE", "stageId": sales.stage("Won")}
    )
    await sales.rule(
        {"kind": "STAGE_ENTERED", "stageId": sales.stage("Won")},
        {"kind": "CREATE_TASK", "title": "Check why"},
    )
    deal = await crm.deal(sales.owner.user, stage=sales.stages[0])

    ran = await run_idle_rules(clock.now() + timedelta(days=31))

    assert ran == 1
    assert (await Deal.get(id=deal.id)).stage_id == sales.stages[2].id
    assert await Task.filter(title="Check why", target_id=deal.id).count() == 1
