"""Where a deal sits in its stage column: sparse positions, multiples of GAP, so that a move
rarely renumbers neighbours (models/deal_moves.py). A deal entering a stage other than by a
move to a chosen place (created in it, its stage changed by an update or an automation rule)
goes to the end of the column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tortoise.expressions import Q, RawSQL, Subquery

from models.automation import STAGE_ENTERED
from models.deal import Deal
from models.errors import Conflict
from models.pipeline import Stage

GAP = 1024


async def end_of_column(stage_id: int) -> int:
    """A position after every deal of the column. Soft-deleted deals count too: one restored
    comes back at its own place, which no new deal has taken."""
    last = await Deal.filter(stage_id=stage_id).order_by("-position").first()
    return (last.position if last else 0) + GAP


async def entering_stage(values: dict[str, Any]) -> dict[str, Any]:
    """Pipeline and end-of-column position for a write that sets ``stage_id`` (a creation or
    an update); nothing for a write that leaves the stage as it is."""
    if "stage_id" not in values:
        return {}
    stage_id = values["stage_id"]
    stage = await Stage.get(id=stage_id)
    return {"pipeline_id": stage.pipeline_id, "position": await end_of_column(stage_id)}


async def lock_columns(deal_id: int, stage_id: int) -> list[Stage]:
    """Lock the deal's current stage row and ``stage_id``'s, in id order, in one statement.

    Every write that moves a deal between columns (dealMove, dealUpdate with a stage) locks
    the stage rows first and the deal after, so two such writes never wait on each other in
    opposite orders: a move that renumbers a column updates every deal in it while holding
    its stages, and an update holding one of those deals must not be waiting for a stage
    (tests/sales/test_deal_locks.py). PostgreSQL locks rows in the order it returns them.
    """
    current = Subquery(Deal.filter(pk=deal_id).values("stage_id"))
    return await (
        Stage.select_for_update()
        .filter(Q(pk=stage_id) | Q(pk__in=current))
        .annotate(entry_rules=ENTRY_RULES)
        .order_by("id")
    )


# Whether a stage has active rules triggered by entering it, read with the stage's lock (same
# statement), so a move into a stage without rules (most) skips the rules' own query.
ENTRY_RULES = RawSQL(
    "EXISTS (SELECT 1 FROM automation_rule r WHERE r.trigger_stage_id = stage.id"
    f" AND r.trigger = '{STAGE_ENTERED}' AND r.active)"
)


def has_entry_rules(stage: Stage) -> bool:
    """For a stage read by ``lock_columns``: SQLite answers the EXISTS with 0 or 1."""
    return bool(getattr(stage, "entry_rules", True))


async def lock_stage_change(
    deal_id: int, values: Mapping[str, Any]
) -> Callable[[Deal], None] | None:
    """The locks a deal update that sets the stage takes before the deal's own (see
    ``lock_columns``), and a check that the locked deal is still in a locked column."""
    if "stage_id" not in values:
        return None
    locked = {stage.pk for stage in await lock_columns(deal_id, values["stage_id"])}

    def still_there(deal: Deal) -> None:
        if deal.stage_id not in locked:
            raise Conflict("The deal moved while you changed it", current_version=deal.version)

    return still_there
