"""A deal's way through the stages: one row per stage change, written in the move's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.expressions import RawSQL
from tortoise.models import Model

from models import clock

if TYPE_CHECKING:
    from models.deal import Deal
    from models.pipeline import Stage
    from models.user import User


class DealStageChange(Model):
    # Append-only: history is never edited, so it has no version.
    id = fields.BigIntField(primary_key=True)
    deal: fields.ForeignKeyRelation[Deal] = fields.ForeignKeyField(
        "tandem.Deal", related_name="stage_changes", on_delete=fields.CASCADE
    )
    # Null for the first stage a deal entered (not recorded today: deals start in a stage).
    from_stage: fields.ForeignKeyNullableRelation[Stage] = fields.ForeignKeyField(
        "tandem.Stage", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    to_stage: fields.ForeignKeyRelation[Stage] = fields.ForeignKeyField(
        "tandem.Stage", related_name=False, on_delete=fields.CASCADE
    )
    by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    at = fields.DatetimeField()
    # Time the deal spent in from_stage: since its previous change, or since its creation.
    # Written by dealMove, by dealUpdate when it changes the stage, and by automation rules.
    seconds_in_previous = fields.BigIntField()
    deal_id: int
    from_stage_id: int | None
    to_stage_id: int
    by_id: int | None

    class Meta:
        table = "deal_stage_change"
        app = "tandem"
        indexes = (("deal_id", "at"),)


async def entered_at(deal: Deal) -> datetime:
    """When the deal entered its current stage: its last stage change, or its creation."""
    last = await DealStageChange.filter(deal_id=deal.pk).order_by("-at", "-id").first()
    return last.at if last is not None else deal.created_at


# The time of a deal's last stage change, as a column of the query that reads the deal (dealMove
# reads it with the deal's lock: one statement fewer while the column is locked).
LAST_CHANGE = RawSQL(
    "(SELECT c.at FROM deal_stage_change c WHERE c.deal_id = deal.id"
    " ORDER BY c.at DESC, c.id DESC LIMIT 1)"
)


def entered_from_row(deal: Deal) -> datetime:
    """``entered_at`` for a deal read with ``annotate(last_change=LAST_CHANGE)``. PostgreSQL
    gives a datetime, SQLite the stored text (ISO 8601 with its offset)."""
    last = getattr(deal, "last_change", None)
    if last is None:
        return deal.created_at
    if isinstance(last, str):
        return datetime.fromisoformat(last)
    assert isinstance(last, datetime)
    return last


def stage_change_row(
    deal: Deal, from_stage_id: int | None, actor_id: int | None, *, entered: datetime
) -> DealStageChange:
    """The history row of a move out of ``from_stage_id`` into ``deal.stage_id``, not yet
    written (models/combined_writes.py writes it with the move), with the time spent there."""
    now = clock.now()
    return DealStageChange(
        deal_id=deal.pk,
        from_stage_id=from_stage_id,
        to_stage_id=deal.stage_id,
        by_id=actor_id,
        at=now,
        seconds_in_previous=max(0, int((now - entered).total_seconds())),
    )


async def record_stage_change(
    deal: Deal,
    from_stage_id: int | None,
    actor_id: int | None,
    *,
    entered: datetime | None = None,
) -> DealStageChange:
    """The deal has just left ``from_stage_id`` for ``deal.stage_id``: one history row, with the
    time it spent there. Call inside the change's transaction, before the deal is saved.
    ``entered``: when it entered ``from_stage_id``, when the caller read it already."""
    if entered is None:
        entered = await entered_at(deal)
    row = stage_change_row(deal, from_stage_id, actor_id, entered=entered)
    await row.save(force_create=True)
    return row
