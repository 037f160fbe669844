"""dealMove's statements while it holds its column locks (issue 16, writes): the stage rows (with
whether the target has entry rules), the deal (with when it entered its stage), its new
neighbours, then the writes: one statement on PostgreSQL (models/combined_writes.py), four on
SQLite. No separate read of the stage history or of the rules."""

from __future__ import annotations

import re

from models.clock import FrozenClock
from models.deal import Deal
from models.deal_history import DealStageChange
from models.pipeline import Stage
from tests.conftest import is_postgres
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

MOVE = """
mutation($input: DealMoveInput!) { dealMove(input: $input) { id version } }
"""


def _table(statement: str) -> str:
    found = re.search(r'(?i)(?:insert into|update|delete from)\s+"?(\w+)', statement)
    assert found, statement
    return found.group(1)


def _starting(statements: list[str], *prefixes: str) -> list[str]:
    return [s for s in statements if s.lower().startswith(prefixes)]


async def test_a_move_between_columns_reads_three_times_and_writes_once_or_four_times(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline(stages=("New", "Won"))
    new, won = await Stage.filter(pipeline_id=pipe.id).order_by("position")
    moving = await crm.deal(owner.user, stage=new, title="m", position=1024)
    await crm.deal(owner.user, stage=won, title="x", position=1024)
    await Deal.filter(id=moving.id).update(created_at=clock.now())

    with count_statements(this_task=True) as statements:
        await api.ok(
            MOVE,
            {"input": {"id": crm.gid(moving), "stageId": crm.gid(won), "position": 1}},
            token=owner.access_token,
        )

    reads = _starting(statements.statements, "select")
    writes = _starting(statements.statements, "insert", "update", "delete", "with")
    if is_postgres():
        assert len(reads) == 3, reads
        # The four writes in one statement, each table once.
        assert len(writes) == 1, writes
        assert [_table(w) for w in re.findall(r"AS \((?:INSERT INTO|UPDATE) [^(]*", writes[0])] == [
            "deal_stage_change",
            "audit_entry",
            "outbox_event",
            "deal",
        ], writes
    else:
        assert len(reads) == 3, reads
        assert [_table(w) for w in writes] == [
            "deal",
            "deal_stage_change",
            "audit_entry",
            "outbox_event",
        ], writes
    # The rules' and the history's own queries (Tortoise quotes the table it reads) are gone.
    assert not any('FROM "automation_rule"' in r or 'FROM "deal_stage_change"' in r for r in reads)


async def test_time_in_stage_is_read_with_the_deal_across_several_moves(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline(stages=("New", "Proposal", "Won"))
    new, proposal, won = await Stage.filter(pipeline_id=pipe.id).order_by("position")
    moving = await crm.deal(owner.user, stage=new, title="m", position=1024)
    await Deal.filter(id=moving.id).update(created_at=clock.now())

    # 60 s in New (since creation), 600 s in Proposal (since the first move), 5 s in Won.
    for stage, seconds in ((proposal, 60), (won, 600), (new, 5)):
        clock.advance(seconds=seconds)
        await api.ok(
            MOVE,
            {"input": {"id": crm.gid(moving), "stageId": crm.gid(stage), "position": 0}},
            token=owner.access_token,
        )

    changes = await DealStageChange.filter(deal_id=moving.id).order_by("id")
    assert [c.seconds_in_previous for c in changes] == [60, 600, 5]
    assert [c.to_stage_id for c in changes] == [proposal.id, won.id, new.id]
