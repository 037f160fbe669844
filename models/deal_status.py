"""A deal's status follows its stage: the one rule every path that sets a stage or a status
goes through (dealCreate, dealUpdate, dealMove, automation rules moving a deal).

- Entering a won (lost) stage wins (loses) the deal, exactly as setting its status does.
- Leaving a won or lost stage for an ordinary one reopens it, unless the same change sets a
  status. Between ordinary stages the status stays as it is (a deal marked won by its status
  keeps it while it is moved about).
- A status that contradicts a won or lost stage in the same change is BAD_USER_INPUT on
  ``status`` (nothing is written): a deal in the Won column is won.
- ``closedAt`` follows the status: set when a deal is first won or lost, cleared on reopening,
  kept when it goes from won to lost or back (it closed then).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models import clock
from models.deal import Deal
from models.errors import BadInput
from models.i18n import msg
from models.pipeline import Stage

OPEN, WON, LOST = "open", "won", "lost"


def stage_status(stage: Stage) -> str | None:
    """The status a stage imposes, or None for an ordinary stage."""
    if stage.is_won:
        return WON
    if stage.is_lost:
        return LOST
    return None


def close_time(deal: Deal) -> None:
    if deal.status == OPEN:
        deal.closed_at = None
    elif deal.closed_at is None:
        deal.closed_at = clock.now()


def settle(deal: Deal, stage: Stage, *, from_stage: Stage | None, status_given: bool) -> None:
    """Make ``deal``'s status and close time agree with ``stage``, the stage it is in after the
    change. ``from_stage``: the stage it left when the change moves it (None otherwise, or when
    it is new); ``status_given``: whether the change sets the status itself."""
    imposed = stage_status(stage)
    if imposed is not None:
        if status_given and deal.status != imposed:
            raise BadInput(
                msg(
                    "A deal in the stage '{name}' is {imposed}: move it to another stage "
                    "to change its status",
                    name=stage.name,
                    imposed=imposed,
                ),
                field="status",
            )
        deal.status = imposed
    elif from_stage is not None and stage_status(from_stage) is not None and not status_given:
        deal.status = OPEN
    close_time(deal)


async def settle_write(deal: Deal, before: Mapping[str, Any] | None, given: set[str]) -> None:
    """``settle`` for a create (``before`` None) or an update (the columns before it) that sets
    the ``given`` columns; reads the stages involved."""
    from_id = before.get("stage_id") if before is not None else None
    moved = before is None or from_id != deal.stage_id
    status_given = "status" in given
    if not moved and not status_given:
        close_time(deal)
        return
    ids = {deal.stage_id} | ({from_id} if moved and from_id is not None else set())
    stages = {s.pk: s for s in await Stage.filter(pk__in=list(ids))}
    from_stage = stages.get(from_id) if moved and from_id is not None else None
    settle(deal, stages[deal.stage_id], from_stage=from_stage, status_given=status_given)
