"""Saving segments (named contact filters): create, change, delete, each with its audit entry in
one unit of work. The caller checks the filter by running it with the author's permissions
(``check``) before it is stored: a segment never keeps a filter its author could not run."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from models.audit import write_audit
from models.errors import Conflict, NotFound
from models.segment import Segment
from models.unit_of_work import unit_of_work

# (conditions, behaviour) of the segment as it would be stored; raises to refuse it.
Check = Callable[[Any, Any], Awaitable[object]]


async def create_segment(name: str, conditions: Any, behaviour: Any, actor_id: int) -> Segment:
    async with unit_of_work():
        row = await Segment.create(
            name=name, conditions=conditions, behaviour=behaviour, created_by_id=actor_id
        )
        await write_audit(
            actor_id,
            "segment.create",
            "segment",
            row.pk,
            None,
            {"name": row.name, "filter": conditions, "behaviour": behaviour},
        )
    return row


async def update_segment(
    pk: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
    check: Check,
    actor_id: int,
) -> Segment:
    """``changes``: column -> new value (name, conditions, behaviour)."""
    async with unit_of_work():
        row = await Segment.select_for_update().get_or_none(pk=pk)
        if row is None:
            raise NotFound("No such segment")
        if expected_version is not None and row.version != expected_version:
            raise Conflict("Someone changed this segment", current_version=row.version)
        # The segment as it would be, checked before it is saved.
        await check(
            changes.get("conditions", row.conditions), changes.get("behaviour", row.behaviour)
        )
        before = {k: getattr(row, k) for k in changes}
        for key, value in changes.items():
            setattr(row, key, value)
        row.version += 1
        await row.save()
        await write_audit(actor_id, "segment.update", "segment", pk, before, dict(changes))
    return row


async def delete_segment(pk: int, actor_id: int) -> None:
    async with unit_of_work():
        row = await Segment.select_for_update().get_or_none(pk=pk)
        if row is None:
            raise NotFound("No such segment")
        await write_audit(
            actor_id,
            "segment.delete",
            "segment",
            pk,
            {"name": row.name, "filter": row.conditions},
            None,
        )
        await row.delete()
