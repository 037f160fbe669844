"""Where a deal sits in its stage column: sparse positions, multiples of GAP, so that a move
rarely renumbers neighbours (models/deal_moves.py). A deal entering a stage other than by a
move to a chosen place (created in it, its stage changed by an update or an automation rule)
goes to the end of the column.
"""

from __future__ import annotations

from typing import Any

from models.deal import Deal
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
