"""Automation rules at work: each trigger with the actions it drives, all in the triggering
change's transaction (rollback), acting as the rule's author, with a loop guard."""

from __future__ import annotations

from datetime import timedelta

from models.audit import AuditEntry
from models.clock import FrozenClock
from models.deal import Deal
from models.outbox import OutboxEvent
from models.task import Task
from tests.sales.automation_support import (
    DEAL_CREATE,
    DEAL_UPDATE,
    LOG,
    MOVE,
    TASK_COMPLETE,
    TASK_CREATE,
    sales_pipeline,
)
from tests.support import crm
from tests.support.accounts import my_id, signed_in
from tests.support.graphql import GraphQLClient


async def test_a_created_deal_gets_the_rules_task_for_its_owner(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    sales = await sales_pipeline(api)
    seller = await signed_in(api, "salesperson")
    await sales.rule(
        {"kind": "DEAL_CREATED"}, {"kind": "CREATE_TASK", "title": "Qualify", "dueInDays": 2}
    )

    data = await api.ok(
        DEAL_CREATE,
        {"input": {"title": "Acme", "stageId": sales.stage("New")}},
        token=seller.access_token,
    )

    task = await Task.get(title="Qualify")
    deal_id = (await Deal.get(title="Acme")).id
    assert (task.assignee_id, task.owner_id) == (seller.user.id, seller.user.id)
    assert (task.target_type, task.target_id) == ("deal", deal_id)
    assert task.due_at == clock.now() + timedelta(days=2)
    # The rule acts as its author: audit and outbox name the owner who wrote it.
    assert task.creator_id == sales.owner.user.id
    audit = await AuditEntry.get(action="automation.createTask")
    assert audit.actor_id == sales.owner.user.id
    event = await OutboxEvent.get(object="task", kind="created")
    assert event.actor_id == sales.owner.user.id and f"assignee:{seller.user.id}" in event.topics
    assert data["dealCreate"]["stage"] == {"name": "New"}


async def test_a_created_deal_moved_by_a_rule_is_answered_where_the_rule_left_it(
    api: GraphQLClient,
) -> None:
    sales = await sales_pipeline(api)
    await sales.rule(
        {"kind": "DEAL_CREATED"}, {"kind": "MOVE_TO_STAGE", "stageId": sales.stage("Proposal")}
    )

    data = await api.ok(
        DEAL_CREATE,
        {"input": {"title": "Acme", "stageId": sales.stage("New")}},
        token=sales.owner.access_token,
    )

    assert data["dealCreate"]["stage"] == {"name": "Proposal"}
    assert data["dealCreate"]["version"] == 2
    history = await sales.history(data["dealCreate"]["id"])
    assert [(h["fromStage"], h["toStage"]) for h in history["stageHistory"]] == [
        ({"name": "New"}, {"name": "Proposal"})
    ]
    kinds = await OutboxEvent.filter(object="deal").order_by("id").values_list("kind", flat=True)
    assert kinds == ["created", "moved"]


async def test_conditions_decide_whether_a_rule_runs(api: GraphQLClient) -> None:
    sales = await sales_pipeline(api)
    senior = await signed_in(api, "senior_manager")
    await sales.rule(
        {"kind": "DEAL_CREATED"},
        {"kind": "ASSIGN_OWNER", "userId": await my_id(api, senior)},
        conditions={"amountGte": "5000", "currency": "EUR"},
    )
    token = sales.owner.access_token

    small = await api.ok(
        DEAL_CREATE,
        {"input": {"title": "s", "stageId": sales.stage("New"), "amount": "4999.99"}},
        token=token,
    )
    dollars = await api.ok(
        DEAL_CREATE,
        {
            "input": {
                "title": "d",
                "stageId": sales.stage("New"),
                "amount": "9000",
                "currency": "USD",
            }
        },
        token=token,
    )
    big = await api.ok(
        DEAL_CREATE,
        {"input": {"title": "b", "stageId": sales.stage("New"), "amount": "5000"}},
        token=token,
    )

    assert small["dealCreate"]["owner"] == {"email": sales.owner.email}
    assert dollars["dealCreate"]["owner"] == {"email": sales.owner.email}
    # The mutation answers with the deal as its rules left it.
    assert big["dealCreate"]["owner"] == {"email": senior.email}
    assert big["dealCreate"]["version"] == 2
    event = await OutboxEvent.filter(object="deal", kind="updated").get()
    assert event.changed == ["owner_id"] and event.actor_id == sales.owner.user.id


async def test_entering_a_stage_by_move_runs_its_rules_even_beyond_the_movers_rights(
    api: GraphQLClient,
) -> None:
    sales = await sales_pipeline(api)
    seller = await signed_in(api, "salesperson")
    manager = await signed_in(api, "manager", email="boss@acme.test")
    await sales.rule(
        {"kind": "STAGE_ENTERED", "stageId": sales.stage("Proposal")},
        {"kind": "ASSIGN_OWNER", "userId": await my_id(api, manager)},
    )
    deal = await crm.deal(seller.user, await crm.department("Sales"), stage=sales.stages[0])

    # A seller may not give deals away; the rule, acting as its author, may.
    data = await api.ok(
        MOVE,
        {"input": {"id": crm.gid(deal), "stageId": sales.stage("Proposal"), "position": 0}},
        token=seller.access_token,
    )

    assert data["dealMove"]["stage"] == {"name": "Proposal"}
    assert (await Deal.get(id=deal.id)).owner_id == manager.user.id
    audit = await AuditEntry.get(action="automation.assignOwner")
    assert audit.actor_id == sales.owner.user.id
    assert audit.before == {"owner": seller.user.id}


async def test_entering_a_stage_by_update_records_history_and_runs_its_rules(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    sales = await sales_pipeline(api)
    await sales.rule(
        {"kind": "STAGE_ENTERED", "stageId": sales.stage("Proposal")},
        {"kind": "CREATE_TASK", "title": "Send proposal"},
    )
    deal = await crm.deal(sales.owner.user, stage=sales.stages[0])
    await Deal.filter(id=deal.id).update(created_at=clock.now())
    clock.advance(seconds=45)

    await api.ok(
        DEAL_UPDATE,
        {"input": {"id": crm.gid(deal), "stageId": sales.stage("Proposal")}},
        token=sales.owner.access_token,
    )

    history = await sales.history(crm.gid(deal))
    assert history["stageHistory"] == [
        {
            "fromStage": {"name": "New"},
            "toStage": {"name": "Proposal"},
            "by": {"email": sales.owner.email},
            "secondsInPreviousStage": 45,
        }
    ]
    assert await Task.filter(title="Send proposal", target_id=deal.id).count() == 1


async def test_an_update_that_keeps_the_stage_records_no_history(api: GraphQLClient) -> None:
    sales = await sales_pipeline(api)
    deal = await crm.deal(sales.owner.user, stage=sales.stages[0])

    await api.ok(
        DEAL_UPDATE,
        {"input": {"id": crm.gid(deal), "stageId": sales.stage("New")}},
        token=sales.owner.access_token,
    )

    assert (await sales.history(crm.gid(deal)))["stageHistory"] == []


async def test_logging_an_activity_of_the_rules_kind_moves_the_deal(api: GraphQLClient) -> None:
    sales = await sales_pipeline(api)
    await sales.rule(
        {"kind": "ACTIVITY_LOGGED", "activityKind": "meeting"},
        {"kind": "MOVE_TO_STAGE", "stageId": sales.stage("Proposal")},
    )
    deal = await crm.deal(sales.owner.user, stage=sales.stages[0])
    token = sales.owner.access_token

    await api.ok(LOG, {"input": {"kind": "call", "dealId": crm.gid(deal)}}, token=token)
    after_call = (await sales.history(crm.gid(deal)))["stage"]
    await api.ok(LOG, {"input": {"kind": "meeting", "dealId": crm.gid(deal)}}, token=token)

    assert after_call == {"name": "New"}
    history = await sales.history(crm.gid(deal))
    assert history["stage"] == {"name": "Proposal"}
    assert [(h["toStage"], h["by"]) for h in history["stageHistory"]] == [
        ({"name": "Proposal"}, {"email": sales.owner.email})
    ]
    moved = await OutboxEvent.get(object="deal", kind="moved")
    assert f"pipeline:{sales.pipe.id}" in moved.topics


async def test_completing_a_task_on_a_deal_moves_the_deal(api: GraphQLClient) -> None:
    sales = await sales_pipeline(api)
    seller = await signed_in(api, "salesperson")
    await sales.rule(
        {"kind": "TASK_COMPLETED"}, {"kind": "MOVE_TO_STAGE", "stageId": sales.stage("Won")}
    )
    deal = await crm.deal(seller.user, await crm.department("Sales"), stage=sales.stages[0])
    made = await api.ok(
        TASK_CREATE,
        {"input": {"title": "Call back", "linkedRecordId": crm.gid(deal)}},
        token=seller.access_token,
    )

    await api.ok(
        TASK_COMPLETE, {"input": {"id": made["taskCreate"]["id"]}}, token=seller.access_token
    )

    history = await sales.history(crm.gid(deal))
    assert history["stage"] == {"name": "Won"}


async def test_an_inactive_rule_does_nothing(api: GraphQLClient) -> None:
    sales = await sales_pipeline(api)
    await sales.rule(
        {"kind": "DEAL_CREATED"}, {"kind": "CREATE_TASK", "title": "Qualify"}, active=False
    )

    await api.ok(
        DEAL_CREATE,
        {"input": {"title": "Acme", "stageId": sales.stage("New")}},
        token=sales.owner.access_token,
    )

    assert await Task.all().count() == 0
