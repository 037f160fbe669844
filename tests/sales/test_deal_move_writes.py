"""dealMove's writes in one statement (models/combined_writes.py) write what the plain path
writes: two twin deals moved the same way, one with the combined statement, one with each row
saved through Tortoise, leave the same history row, deal columns, audit entry and outbox event.
The combined statement is the path taken on PostgreSQL (a counter), never on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from models import combined_writes
from models.audit import AuditEntry
from models.clock import FrozenClock
from models.deal import Deal
from models.deal_history import DealStageChange
from models.outbox import OutboxEvent
from models.pipeline import Stage
from tests.conftest import is_postgres
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

MOVE = """
mutation($input: DealMoveInput!) { dealMove(input: $input) { id version stage { name } } }
"""


@pytest.fixture
def combined_on() -> Iterator[None]:
    yield
    combined_writes.use(True)


async def _written(deal_id: int) -> dict[str, Any]:
    deal = await Deal.get(id=deal_id)
    history = await DealStageChange.filter(deal_id=deal_id).order_by("id")
    audit = await AuditEntry.filter(object="deal", record_id=deal_id, action="deal.move")
    event = await OutboxEvent.filter(object="deal", record_id=deal_id, kind="moved")
    assert len(audit) == 1 and len(event) == 1
    values = dict(event[0].values)
    # The event shows the deal as stored, its update time included.
    assert datetime.fromisoformat(values.pop("updated_at")) == deal.updated_at
    for key in ("id", "title", "created_at", "position"):
        values.pop(key)
    return {
        "deal": (deal.stage_id, deal.position, deal.status, deal.closed_at, deal.version),
        "history": [
            (h.from_stage_id, h.to_stage_id, h.by_id, h.at, h.seconds_in_previous) for h in history
        ],
        "audit": (audit[0].actor_id, audit[0].at, audit[0].before, audit[0].after),
        "event": (
            event[0].at,
            sorted(event[0].topics)[:1],
            event[0].changed,
            values,
            event[0].actor_id,
        ),
    }


async def test_the_combined_statement_writes_what_the_plain_path_writes(
    api: GraphQLClient, clock: FrozenClock, combined_on: None
) -> None:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline(stages=("New", "Won"))
    new, won = await Stage.filter(pipeline_id=pipe.id).order_by("position")
    twins = [await crm.deal(owner.user, stage=new, title=f"twin {i}") for i in (1, 2)]
    await Deal.filter(id__in=[d.id for d in twins]).update(created_at=clock.now())
    clock.advance(seconds=90)

    written = []
    for twin, on in zip(twins, (True, False), strict=True):
        combined_writes.use(on)
        before = combined_writes.COMBINED["statements"]
        data = await api.ok(
            MOVE,
            {"input": {"id": crm.gid(twin), "stageId": crm.gid(won), "position": 0}},
            token=owner.access_token,
        )
        assert data["dealMove"]["stage"] == {"name": "Won"}
        taken = combined_writes.COMBINED["statements"] - before
        assert taken == (1 if on and is_postgres() else 0)
        written.append(await _written(twin.id))
        # The second twin goes to the same place the first went to.
        await Deal.filter(id=twin.id).update(position=10_000_000 + twin.id)

    combined, plain = written
    assert combined["history"] == plain["history"]
    assert combined["history"][0][4] == 90
    assert combined["audit"] == plain["audit"]
    assert combined["event"] == plain["event"]
    assert combined["deal"][0] == plain["deal"][0] == won.id
    assert combined["deal"][2:] == plain["deal"][2:]
