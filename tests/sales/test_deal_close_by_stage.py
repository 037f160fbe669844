"""Moving a deal into a won or lost stage closes it exactly as dealUpdate(status) does, and
moving it out reopens it: status, closedAt, history, events, and the figures downstream
(won revenue in the forecast, purchases in behaviour segments)."""

from __future__ import annotations

from datetime import datetime

from models.clock import FrozenClock
from models.deal_history import DealStageChange
from models.outbox import OutboxEvent
from models.pipeline import Stage
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

MOVE = """
mutation($input: DealMoveInput!) { dealMove(input: $input) { status closedAt stage { name } } }
"""
UPDATE = """
mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { status closedAt stage { name } } }
"""
READ = "query($id: ID!) { node(id: $id) { ... on Deal { status closedAt } } }"
WON = "query { forecast { wonRevenue { period count amount { amount } } } }"
SEGMENT = """
mutation($in: SegmentInput!) { segmentCreate(input: $in) { count } }
"""


async def _board() -> tuple[Stage, Stage, Stage]:
    pipe = await crm.pipeline(stages=("Open", "Won", "Lost"))
    open_, won, lost = await Stage.filter(pipeline_id=pipe.id).order_by("position")
    await Stage.filter(id=won.id).update(is_won=True)
    await Stage.filter(id=lost.id).update(is_lost=True)
    return open_, won, lost


async def test_moving_into_a_won_stage_closes_the_deal_and_out_reopens_it(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    open_, won, _ = await _board()
    deal = await crm.deal(owner.user, stage=open_, amount="700.00")

    moved = await api.ok(
        MOVE,
        {"input": {"id": crm.gid(deal), "stageId": crm.gid(won), "position": 0}},
        token=owner.access_token,
    )

    assert moved["dealMove"]["status"] == "won"
    closed = datetime.fromisoformat(moved["dealMove"]["closedAt"])
    assert closed == clock.now()
    read = await api.ok(READ, {"id": crm.gid(deal)}, token=owner.access_token)
    assert read["node"]["status"] == "won"
    event = await OutboxEvent.filter(object="deal").order_by("-id").first()
    assert event is not None and event.kind == "moved"
    assert {"stage_id", "status", "closed_at"} <= set(event.changed)
    assert await DealStageChange.filter(deal_id=deal.id).count() == 1
    revenue = await api.ok(WON, token=owner.access_token)
    assert revenue["forecast"]["wonRevenue"] == [
        {"period": f"{clock.now():%Y-%m}-01", "count": 1, "amount": {"amount": "700.00"}}
    ]

    back = await api.ok(
        MOVE,
        {"input": {"id": crm.gid(deal), "stageId": crm.gid(open_), "position": 0}},
        token=owner.access_token,
    )
    assert back["dealMove"] == {"status": "open", "closedAt": None, "stage": {"name": "Open"}}
    assert (await api.ok(WON, token=owner.access_token))["forecast"]["wonRevenue"] == []


async def test_moving_into_a_lost_stage_loses_the_deal(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    open_, _, lost = await _board()
    deal = await crm.deal(owner.user, stage=open_)
    moved = await api.ok(
        MOVE,
        {"input": {"id": crm.gid(deal), "stageId": crm.gid(lost), "position": 0}},
        token=owner.access_token,
    )
    assert moved["dealMove"]["status"] == "lost"
    assert moved["dealMove"]["closedAt"] is not None


async def test_dealupdate_into_a_won_stage_closes_it_the_same_way(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    open_, won, _ = await _board()
    deal = await crm.deal(owner.user, stage=open_)
    moved = await api.ok(
        UPDATE, {"input": {"id": crm.gid(deal), "stageId": crm.gid(won)}}, token=owner.access_token
    )
    assert moved["dealUpdate"]["status"] == "won"
    assert moved["dealUpdate"]["closedAt"] is not None
    reopened = await api.ok(
        UPDATE,
        {"input": {"id": crm.gid(deal), "stageId": crm.gid(open_)}},
        token=owner.access_token,
    )
    assert reopened["dealUpdate"] == {"status": "open", "closedAt": None, "stage": {"name": "Open"}}


async def test_a_status_that_contradicts_the_stage_is_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    _, won, _ = await _board()
    deal = await crm.deal(owner.user, stage=won, status="won")
    error = await api.error(
        UPDATE, {"input": {"id": crm.gid(deal), "status": "open"}}, token=owner.access_token
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "status"}
    read = await api.ok(READ, {"id": crm.gid(deal)}, token=owner.access_token)
    assert read["node"]["status"] == "won"


async def test_a_deal_won_on_the_board_counts_as_a_purchase(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    open_, won, _ = await _board()
    ada = await crm.contact(owner.user, first_name="Ada")
    deal = await crm.deal(owner.user, stage=open_, contact=ada)
    segment = {"in": {"name": "Buyers", "filter": {}, "behaviour": {"purchasesGte": 1}}}
    before = await api.ok(SEGMENT, segment, token=owner.access_token)
    assert before["segmentCreate"]["count"] == 0
    await api.ok(
        MOVE,
        {"input": {"id": crm.gid(deal), "stageId": crm.gid(won), "position": 0}},
        token=owner.access_token,
    )
    segment["in"]["name"] = "Buyers now"
    after = await api.ok(SEGMENT, segment, token=owner.access_token)
    assert after["segmentCreate"]["count"] == 1


CREATE = """
mutation($input: DealCreateInput!) { dealCreate(input: $input) { id status closedAt } }
"""
RULE = """
mutation($input: AutomationRuleCreateInput!) { automationRuleCreate(input: $input) { id } }
"""


async def test_a_deal_created_in_a_won_stage_is_won(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    _, won, _ = await _board()
    data = await api.ok(
        CREATE, {"input": {"title": "Signed", "stageId": crm.gid(won)}}, token=owner.access_token
    )
    assert data["dealCreate"]["status"] == "won"
    assert data["dealCreate"]["closedAt"] is not None


async def test_a_rule_moving_a_deal_into_the_won_stage_wins_it_and_its_trigger_runs(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    open_, won, lost = await _board()
    pipeline = crm.gid(await open_.pipeline)
    # Entering "Open" moves the deal on to Won (a rule); entering Won notifies (its trigger).
    for trigger_stage, actions in (
        (open_, [{"kind": "MOVE_TO_STAGE", "stageId": crm.gid(won)}]),
        (won, [{"kind": "CREATE_TASK", "title": "Send the invoice"}]),
    ):
        await api.ok(
            RULE,
            {
                "input": {
                    "pipelineId": pipeline,
                    "name": f"on {trigger_stage.name}",
                    "trigger": {"kind": "STAGE_ENTERED", "stageId": crm.gid(trigger_stage)},
                    "actions": actions,
                }
            },
            token=owner.access_token,
        )
    deal = await crm.deal(owner.user, stage=lost, status="lost")

    moved = await api.ok(
        MOVE,
        {"input": {"id": crm.gid(deal), "stageId": crm.gid(open_), "position": 0}},
        token=owner.access_token,
    )

    assert moved["dealMove"]["stage"] == {"name": "Won"}
    read = await api.ok(READ, {"id": crm.gid(deal)}, token=owner.access_token)
    assert read["node"]["status"] == "won"
    assert read["node"]["closedAt"] is not None
    tasks = await api.ok("{ tasks { edges { node { title } } } }", token=owner.access_token)
    assert [e["node"]["title"] for e in tasks["tasks"]["edges"]] == ["Send the invoice"]
