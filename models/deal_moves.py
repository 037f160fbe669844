"""Moving a deal: a new stage and a place in its column, in one step and one transaction.

Positions are sparse (multiples of GAP), so a move writes one row: the moved deal gets a
position between its new neighbours. When two neighbours have no integer left between them,
only the deals around them are spread out again: a window of neighbours on each side, doubled
until its span gives every deal in it at least SPREAD of room, renumbered in one statement. So
dropping deal after deal on the same spot of a column of 10,000 rewrites a few dozen rows now
and then, not the column (the whole column only when the window grows to cover it).

Moves into a column are serialized by locking its stage row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite has one writer anyway), so concurrent moves never compute the same free
position twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from models import automation_engine, combined_writes, events
from models.audit import audit_row
from models.automation import STAGE_ENTERED
from models.deal import Deal
from models.deal_history import LAST_CHANGE, entered_from_row, stage_change_row
from models.deal_positions import GAP, has_entry_rules, lock_columns
from models.deal_status import settle
from models.errors import BadInput, Conflict, NotFound
from models.i18n import msg
from models.outbox import columns_of, event_row
from models.unit_of_work import unit_of_work

# What a move writes (status and close time follow the stage: models/deal_status.py).
MOVE_COLUMNS = ("stage_id", "position", "status", "closed_at")

# One statement: every live deal of the column, in its current order, at multiples of GAP. The
# ranks are computed from the rows as they were before the statement (UPDATE ... FROM), on
# SQLite (>= 3.33) as on PostgreSQL.
RENUMBER = """
UPDATE deal SET position = ranked.rank * {gap}
FROM (
    SELECT id, ROW_NUMBER() OVER (ORDER BY position, id) AS rank
    FROM deal WHERE stage_id = {stage} AND deleted_at IS NULL
) AS ranked
WHERE deal.id = ranked.id
"""


# The room each deal of a respread window gets at least, and the window's first half-width.
SPREAD = 64
WINDOW = 8

# One statement: the live deals strictly between two positions (the moving one left out),
# in their order, spread evenly over that span.
RESPREAD = """
UPDATE deal SET position = {low} + ranked.rank * {step}
FROM (
    SELECT id, ROW_NUMBER() OVER (ORDER BY position, id) AS rank
    FROM deal WHERE stage_id = {stage} AND deleted_at IS NULL AND id <> {moving}
      AND position > {low} AND position < {high}
) AS ranked
WHERE deal.id = ranked.id
"""


async def _renumber(conn: BaseDBAsyncClient, stage_id: int) -> None:
    await conn.execute_query(RENUMBER.format(gap=GAP, stage=int(stage_id)))


def _others(stage_id: int, moving: int) -> Any:
    """Every live deal of the column but the moving one: positions are the column's, whoever
    may see them."""
    return Deal.filter(stage_id=stage_id, deleted_at__isnull=True).exclude(pk=moving)


async def _window(
    stage_id: int, moving: int, before: int, after: int, half: int
) -> tuple[int, int]:
    """Bounds (exclusive) of ``half`` deals each side of the crowded pair: -1 at the column's
    start, room past the end at its end."""
    column = _others(stage_id, moving)
    below = await (
        column.filter(position__lt=before)
        .order_by("-position", "-id")
        .offset(half - 1)
        .limit(1)
        .values_list("position", flat=True)
    )
    above = await (
        column.filter(position__gt=after)
        .order_by("position", "id")
        .offset(half - 1)
        .limit(1)
        .values_list("position", flat=True)
    )
    if above:
        return (int(below[0]) if below else -1), int(above[0])
    last = await column.order_by("-position").limit(1).values_list("position", flat=True)
    return (int(below[0]) if below else -1), int(last[0] if last else after) + GAP * (2 * half + 2)


async def _respread(
    conn: BaseDBAsyncClient, stage_id: int, moving: int, before: int, after: int
) -> None:
    """Room around a crowded pair of neighbours, rewriting as few deals as will do."""
    half = WINDOW
    total = await _others(stage_id, moving).count()
    while half < total:
        low, high = await _window(stage_id, moving, before, after, half)
        inside = await _others(stage_id, moving).filter(position__gt=low, position__lt=high).count()
        step = (high - low) // (inside + 1)
        if step >= SPREAD:
            await conn.execute_query(
                RESPREAD.format(
                    low=low, step=step, stage=int(stage_id), moving=int(moving), high=high
                )
            )
            return
        half *= 2
    await _renumber(conn, stage_id)


def _column(stage_id: int, moving: int, visible: Q | None) -> Any:
    """The deals the mover sees in the column, the moving deal left out."""
    query = Deal.filter(stage_id=stage_id, deleted_at__isnull=True).exclude(pk=moving)
    return query.filter(visible) if visible is not None else query


async def _neighbours(
    stage_id: int, moving: int, index: int, visible: Q | None
) -> tuple[int | None, int | None]:
    """Positions of the deals just above and just below ``index`` in the column: two rows
    read, not the whole column (a column holds thousands of deals)."""
    column = _column(stage_id, moving, visible)
    start = max(index - 1, 0)
    rows = await (
        column.order_by("position", "id")
        .offset(start)
        .limit(2 if index > 0 else 1)
        .values_list("position", flat=True)
    )
    found = [int(p) for p in rows]
    if index > 0 and not found:
        count = await column.count()
        raise BadInput(msg("position must be between 0 and {count}", count=count), field="position")
    if index == 0:
        return None, found[0] if found else None
    return found[0], found[1] if len(found) > 1 else None


def _between(before: int | None, after: int | None) -> int | None:
    """A free position strictly between two neighbours; None when the gap is exhausted."""
    if before is None and after is None:
        return GAP
    if before is None:
        assert after is not None
        return after - GAP if after - GAP >= 0 else (after // 2 if after > 0 else None)
    if after is None:
        return before + GAP
    middle = (before + after) // 2
    return middle if before < middle < after else None


async def _place(
    conn: BaseDBAsyncClient, stage_id: int, moving: int, index: int, visible: Q | None
) -> int:
    if index < 0:
        count = await _column(stage_id, moving, visible).count()
        raise BadInput(msg("position must be between 0 and {count}", count=count), field="position")
    before, after = await _neighbours(stage_id, moving, index, visible)
    free = _between(before, after)
    if free is None:
        # No room only between two deals, or before a first deal at 0 (``after`` is set).
        assert after is not None
        await _respread(conn, stage_id, moving, after if before is None else before, after)
        before, after = await _neighbours(stage_id, moving, index, visible)
        free = _between(before, after)
        if free is None:
            await _renumber(conn, stage_id)
            before, after = await _neighbours(stage_id, moving, index, visible)
            free = _between(before, after)
        assert free is not None, "a renumbered column has room between any two deals"
    return free


async def move_deal(
    deal_id: int,
    stage_id: int,
    index: int,
    expected_version: int | None,
    *,
    check: Callable[[Deal], None],
    visible: Q | None,
    actor_id: int | None,
) -> Deal:
    """``index`` counts the deals the mover may see (``visible``) in the target column."""
    async with unit_of_work() as unit:
        conn = unit.connection
        # Stage rows first (the deal's and the target, in id order, one statement), then the
        # deal: the order every write that moves a deal takes (models/deal_positions.py).
        locked = await lock_columns(deal_id, stage_id)
        # With the time it entered its stage (its stage history's last row), for the history
        # row a move between columns writes.
        deal = (
            await Deal.select_for_update()
            .annotate(last_change=LAST_CHANGE)
            .get_or_none(pk=deal_id, deleted_at__isnull=True)
        )
        if deal is None:
            raise NotFound("No such deal")
        target = next((stage for stage in locked if stage.pk == stage_id), None)
        if target is None:
            raise BadInput("No such stage", field="stageId")
        check(deal)
        if expected_version is not None and deal.version != expected_version:
            raise Conflict(
                "Someone changed this deal since you read it", current_version=deal.version
            )
        if not any(stage.pk == deal.stage_id for stage in locked):
            raise Conflict("The deal moved while you moved it", current_version=deal.version)
        if target.pipeline_id != deal.pipeline_id:
            raise BadInput("The stage belongs to another pipeline", field="stageId")
        before = columns_of(deal)
        topics = ["deal", f"deal:{deal.pk}", f"pipeline:{deal.pipeline_id}"]
        from_stage = deal.stage_id
        deal.position = await _place(conn, stage_id, deal.pk, index, visible)
        deal.stage_id = stage_id
        deal.version += 1
        history = []
        if from_stage != stage_id:
            # Into a won or lost stage closes the deal, out of one reopens it: as dealUpdate.
            left = next(stage for stage in locked if stage.pk == from_stage)
            settle(deal, target, from_stage=left, status_given=False)
            history.append(
                stage_change_row(deal, from_stage, actor_id, entered=entered_from_row(deal))
            )
        # The history row, the deal, the audit entry and the event: one statement on
        # PostgreSQL (models/combined_writes.py), while the column locks are held.
        update = await combined_writes.prepare(conn, deal, [*MOVE_COLUMNS, "version"])
        entry = audit_row(
            actor_id,
            "deal.move",
            "deal",
            deal.pk,
            {"stage": from_stage, "status": before.get("status")},
            {"stage": stage_id, "status": deal.status},
        )
        changed = {c for c, v in columns_of(deal).items() if before.get(c) != v}
        event = await event_row(
            events.MOVED,
            "deal",
            deal,
            changed=changed - {"version", "updated_at"},
            topics=topics,
            actor_id=actor_id,
        )
        await combined_writes.write(conn, update, [*history, entry, event])
        unit.audited(entry)
        unit.event_written(event)
        if from_stage != stage_id and has_entry_rules(target):
            # Rules of the stage entered run in this transaction: all of it commits or nothing.
            await automation_engine.fire(STAGE_ENTERED, deal, stage_id=stage_id)
    return deal
