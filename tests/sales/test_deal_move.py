"""dealMove: a new stage and place in one step, sparse positions, history, versions, events."""

from __future__ import annotations

import asyncio

from models.clock import FrozenClock
from models.deal import Deal
from models.deal_history import DealStageChange
from models.outbox import OutboxEvent
from models.pipeline import Pipeline, Stage
from models.user import User
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

MOVE = """
mutation($input: DealMoveInput!) {
  dealMove(input: $input) { id version position stage { name } }
}
"""
COLUMN = """
query($id: ID!) { node(id: $id) { ... on Stage { deals(first: 100) {
  edges { node { title position } }
} } } }
"""
HISTORY = """
query($id: ID!) { node(id: $id) { ... on Deal {
  stageHistory { fromStage { name } toStage { name } by { email } secondsInPreviousStage }
} } }
"""


async def _column(api: GraphQLClient, token: str, stage: Stage) -> list[str]:
    data = await api.ok(COLUMN, {"id": crm.gid(stage)}, token=token)
    return [e["node"]["title"] for e in data["node"]["deals"]["edges"]]


async def _deals(user: User, stage: Stage, prefix: str, count: int) -> list[Deal]:
    """``count`` deals at the column's usual spacing, titled prefix00, prefix01 ..."""
    return [
        await crm.deal(user, stage=stage, title=f"{prefix}{i:02}", position=(i + 1) * 1024)
        for i in range(count)
    ]


async def _arrange() -> tuple[Pipeline, Stage, Stage]:
    pipe = await crm.pipeline(stages=("New", "Won"))
    new, won = await Stage.filter(pipeline_id=pipe.id).order_by("position")
    return pipe, new, won


async def test_a_move_changes_stage_and_place_and_records_history(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    _, new, won = await _arrange()
    moving = await crm.deal(owner.user, stage=new, title="m", position=1024)
    for i, title in enumerate(("x", "y")):
        await crm.deal(owner.user, stage=won, title=title, position=(i + 1) * 1024)
    # Creation stamps real time; the stage clock starts at the frozen clock's now.
    await Deal.filter(id=moving.id).update(created_at=clock.now())
    clock.advance(seconds=90)

    data = await api.ok(
        MOVE,
        {"input": {"id": crm.gid(moving), "stageId": crm.gid(won), "position": 1}},
        token=owner.access_token,
    )

    assert data["dealMove"]["stage"] == {"name": "Won"}
    assert data["dealMove"]["version"] == 2
    assert await _column(api, owner.access_token, won) == ["x", "m", "y"]
    history = await api.ok(HISTORY, {"id": crm.gid(moving)}, token=owner.access_token)
    assert history["node"]["stageHistory"] == [
        {
            "fromStage": {"name": "New"},
            "toStage": {"name": "Won"},
            "by": {"email": owner.email},
            "secondsInPreviousStage": 90,
        }
    ]
    event = await OutboxEvent.filter(object="deal").order_by("-id").first()
    assert event is not None and event.kind == "moved"
    assert f"pipeline:{moving.pipeline_id}" in event.topics
    assert set(event.changed) == {"stage_id", "position"}


async def test_moves_within_a_column_write_one_row_until_the_gap_runs_out(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    _, new, _ = await _arrange()
    a = await crm.deal(owner.user, stage=new, title="a", position=1024)
    b = await crm.deal(owner.user, stage=new, title="b", position=2048)
    c = await crm.deal(owner.user, stage=new, title="c", position=3072)
    token = owner.access_token

    # c goes between a and b again and again: the gap halves until it is gone, then the
    # column is renumbered and the order still holds.
    order = ["a", "b", "c"]
    moving = [c, b]
    for i in range(14):
        deal = moving[i % 2]
        await api.ok(
            MOVE,
            {"input": {"id": crm.gid(deal), "stageId": crm.gid(new), "position": 1}},
            token=token,
        )
        title = "c" if deal is c else "b"
        order.remove(title)
        order.insert(1, title)
        assert await _column(api, token, new) == order

    positions = [d.position for d in await Deal.filter(stage_id=new.id).order_by("position")]
    assert len(set(positions)) == 3
    assert (await Deal.get(id=a.id)).version == 1, "neighbours are not rewritten by a move"


async def test_a_stage_of_another_pipeline_is_bad_input_and_nothing_is_written(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    _, new, _ = await _arrange()
    elsewhere = await crm.first_stage(await crm.pipeline("Other"))
    deal = await crm.deal(owner.user, stage=new)

    error = await api.error(
        MOVE,
        {"input": {"id": crm.gid(deal), "stageId": crm.gid(elsewhere), "position": 0}},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "stageId"}
    assert (await Deal.get(id=deal.id)).stage_id == new.id
    assert await DealStageChange.all().count() == 0


async def test_a_position_out_of_range_is_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    _, new, won = await _arrange()
    deal = await crm.deal(owner.user, stage=new)
    await crm.deal(owner.user, stage=won, title="there")

    for position in (-1, 2):
        error = await api.error(
            MOVE,
            {"input": {"id": crm.gid(deal), "stageId": crm.gid(won), "position": position}},
            token=owner.access_token,
        )
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "position"}
    assert (await Deal.get(id=deal.id)).version == 1


async def test_a_stale_version_is_a_conflict_and_nothing_is_written(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    _, new, won = await _arrange()
    deal = await crm.deal(owner.user, stage=new)
    events_before = await OutboxEvent.all().count()

    error = await api.error(
        MOVE,
        {
            "input": {
                "id": crm.gid(deal),
                "stageId": crm.gid(won),
                "position": 0,
                "expectedVersion": 7,
            }
        },
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "CONFLICT", "currentVersion": 1}
    row = await Deal.get(id=deal.id)
    assert (row.stage_id, row.version) == (new.id, 1)
    assert await DealStageChange.all().count() == 0
    assert await OutboxEvent.all().count() == events_before


async def test_a_salesperson_moves_own_deals_but_not_a_colleagues(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    sales = await crm.department("Sales")
    _, new, won = await _arrange()
    mine = await crm.deal(seller.user, sales, stage=new, title="mine")
    theirs = await crm.deal(colleague.user, sales, stage=new, title="theirs")

    moved = await api.execute(
        MOVE,
        {"input": {"id": crm.gid(mine), "stageId": crm.gid(won), "position": 0}},
        token=seller.access_token,
    )
    refused = await api.execute(
        MOVE,
        {"input": {"id": crm.gid(theirs), "stageId": crm.gid(won), "position": 0}},
        token=seller.access_token,
    )

    assert moved.codes == []
    assert refused.codes == ["FORBIDDEN"]
    assert (await Deal.get(id=theirs.id)).stage_id == new.id


async def test_read_only_may_not_move_deals(api: GraphQLClient) -> None:
    reader = await signed_in(api, "read_only")
    owner = await signed_in(api, "owner")
    _, new, won = await _arrange()
    deal = await crm.deal(owner.user, stage=new)

    result = await api.execute(
        MOVE,
        {"input": {"id": crm.gid(deal), "stageId": crm.gid(won), "position": 0}},
        token=reader.access_token,
    )

    assert result.codes == ["FORBIDDEN"]


async def test_twenty_concurrent_moves_leave_a_consistent_column(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    _, new, _ = await _arrange()
    deals = [
        await crm.deal(owner.user, stage=new, title=f"d{i:02}", position=(i + 1) * 1024)
        for i in range(20)
    ]

    async def move(i: int) -> list[str | None]:
        variables = {
            "input": {"id": crm.gid(deals[i]), "stageId": crm.gid(new), "position": (i * 7) % 20}
        }
        return (await api.execute(MOVE, variables, token=owner.access_token)).codes

    results = await asyncio.gather(*(move(i) for i in range(20)))

    assert all(codes == [] for codes in results), results
    rows = await Deal.filter(stage_id=new.id)
    positions = [r.position for r in rows]
    assert len(positions) == 20 and len(set(positions)) == 20
    assert sorted(r.version for r in rows) == [2] * 20
    titles = await _column(api, owner.access_token, new)
    assert sorted(titles) == [f"d{i:02}" for i in range(20)]


async def test_moves_onto_one_spot_respread_only_the_deals_around_it(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    _, new, won = await _arrange()
    column = await _deals(owner.user, new, "c", 50)
    incoming = await _deals(owner.user, won, "in", 14)
    kept = {d.id: d.position for d in column[:10] + column[-10:]}
    order = [d.title for d in column]

    # Fourteen deals dropped on the same spot: the gap there halves until it is gone (about
    # ten moves), then the deals around the spot are spread out again, not the column.
    for deal in incoming:
        await api.ok(
            MOVE,
            {"input": {"id": crm.gid(deal), "stageId": crm.gid(new), "position": 25}},
            token=owner.access_token,
        )
        order.insert(25, deal.title)

    assert await _column(api, owner.access_token, new) == order
    now = {d.id: d.position for d in await Deal.filter(id__in=list(kept))}
    assert now == kept, "deals far from the spot keep their positions"
    positions = [d.position for d in await Deal.filter(stage_id=new.id).order_by("position")]
    assert len(set(positions)) == 64


async def test_moves_onto_the_top_of_a_column_make_room_below_its_first_deal(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    _, new, won = await _arrange()
    column = await _deals(owner.user, new, "c", 20)
    incoming = await _deals(owner.user, won, "in", 14)
    order = [d.title for d in column]

    # Each one on top: 1024 is used up after ten halvings, down to a first deal at 0.
    for deal in incoming:
        await api.ok(
            MOVE,
            {"input": {"id": crm.gid(deal), "stageId": crm.gid(new), "position": 0}},
            token=owner.access_token,
        )
        order.insert(0, deal.title)

    assert await _column(api, owner.access_token, new) == order
    positions = [d.position for d in await Deal.filter(stage_id=new.id).order_by("position")]
    assert len(set(positions)) == 34 and min(positions) >= 0
