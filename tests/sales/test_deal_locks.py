"""Deal writes take their locks in one order: the stage rows (in id order), then the deal.

The deadlock this guards against (issue 16, part 3), on PostgreSQL: a dealMove into a column that
has to be renumbered holds both stage rows and updates every deal of the column; a dealUpdate
that changes a deal's stage held that deal's row first, then waited for the stage row (its new
stage, through the foreign key check) that the move held, while the move waited for the deal.
PostgreSQL broke the cycle after deadlock_timeout by aborting one of them.

The test makes that interleaving happen, not hope for it: a third connection holds the moving
deal's row, so the move stops after locking the stages; the update is started once the move
waits; the third connection lets go once the update waits too. SQLite has one writer, so there
the two writes simply both succeed, in either order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

import asyncpg

from models.deal import Deal
from models.pipeline import Stage
from tests.conftest import is_postgres
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient, Result

MOVE = "mutation($in: DealMoveInput!) { dealMove(input: $in) { id position } }"
UPDATE = "mutation($in: DealUpdateInput!) { dealUpdate(input: $in) { id stage { name } } }"
WAITING = """SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"""


async def _until_waiting(probe: asyncpg.Connection, count: int) -> None:
    """Until ``count`` sessions of this database wait for a lock (a few ms, polled)."""
    for _ in range(2000):
        if await probe.fetchval(WAITING) >= count:
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"expected {count} sessions waiting for a lock")


async def test_a_renumbering_move_and_a_stage_changing_update_both_succeed(
    api: GraphQLClient, database_url: str
) -> None:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline(stages=("New", "Won"))
    new, won = await Stage.filter(pipeline_id=pipe.id).order_by("position")
    moving = await crm.deal(owner.user, stage=new, title="moving", position=1024)
    # "Won" has no room between its first two deals: a move to index 1 renumbers the column,
    # which updates every deal in it, "changing" too.
    await crm.deal(owner.user, stage=won, title="a", position=1024)
    await crm.deal(owner.user, stage=won, title="b", position=1025)
    changing = await crm.deal(owner.user, stage=won, title="changing", position=4096)
    token = owner.access_token
    move_input = {"in": {"id": crm.gid(moving), "stageId": crm.gid(won), "position": 1}}
    update_input = {"in": {"id": crm.gid(changing), "stageId": crm.gid(new)}}

    def run(query: str, variables: dict[str, Any]) -> Awaitable[Result]:
        return asyncio.ensure_future(api.execute(query, variables, token=token))

    if is_postgres():
        holder = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
        probe = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
        try:
            hold = holder.transaction()
            await hold.start()
            await holder.execute("SELECT id FROM deal WHERE id = $1 FOR UPDATE", moving.id)
            move = run(MOVE, move_input)
            await _until_waiting(probe, 1)  # the move holds both stages, waits for its deal
            update = run(UPDATE, update_input)
            await _until_waiting(probe, 2)  # the update waits for a lock the move holds
            await hold.rollback()
            moved, updated = await move, await update
        finally:
            await holder.close()
            await probe.close()
    else:
        moved, updated = await asyncio.gather(run(MOVE, move_input), run(UPDATE, update_input))

    assert moved.errors == [], moved.errors
    assert updated.errors == [], updated.errors
    assert updated.data is not None and updated.data["dealUpdate"]["stage"]["name"] == "New"
    rows = {d.title: d for d in await Deal.all()}
    assert rows["moving"].stage_id == won.id and rows["changing"].stage_id == new.id
    column = sorted((d for d in rows.values() if d.stage_id == won.id), key=lambda d: d.position)
    assert [d.title for d in column] == ["a", "moving", "b"]
