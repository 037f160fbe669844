"""segments, segmentCreate/Update/Delete. A filter is checked by running it once with the
author's permissions before it is saved, so a segment never stores a filter its author could
not run; readers run it with their own."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from strawberry.types import Info
from strawberry.types.unset import UNSET
from tortoise.transactions import in_transaction

from models.audit import write_audit
from models.errors import BadInput, Conflict, NotFound
from models.segment import Segment as SegmentModel
from resolvers import list_specs, lists
from resolvers.context import RequestContext
from schema.types.connection import Connection
from schema.types.node import from_global_id
from schema.types.segments import (
    Segment,
    SegmentInput,
    SegmentUpdateInput,
    behaviour_to_data,
    filter_to_data,
    matching,
)

Ctx = Info[RequestContext, None]


def _name(value: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > 100:
        raise BadInput("A segment name is 1-100 characters", field="name")
    return cleaned


async def segments(
    info: Ctx, first: int | None = None, after: str | None = None
) -> Connection[Segment]:
    return await lists.page(
        list_specs.SEGMENTS,
        info.context.access(list_specs.SEGMENTS.obj),
        lists.PageArgs(first, after),
    )


async def segment_create(info: Ctx, input: SegmentInput) -> Segment:
    access = info.context.access("segment")
    access.require("create")
    access.check_write(["name", "filter"])
    data = filter_to_data(input.filter)
    behaviour = behaviour_to_data(input.behaviour)
    if behaviour is not None:
        access.check_write(["behaviour"])
    await matching(info, data, 0, None, behaviour)
    async with in_transaction():
        row = await SegmentModel.create(
            name=_name(input.name),
            conditions=data,
            behaviour=behaviour,
            created_by_id=access.user_id,
        )
        await write_audit(
            access.user_id,
            "segment.create",
            "segment",
            row.pk,
            None,
            {"name": row.name, "filter": data, "behaviour": behaviour},
        )
    return cast(Segment, row)


async def segment_update(info: Ctx, input: SegmentUpdateInput) -> Segment:
    access = info.context.access("segment")
    access.require("update")
    changes: dict[str, Any] = {}
    if input.name is not None:
        access.check_write(["name"])
        changes["name"] = _name(input.name)
    if input.filter is not None:
        access.check_write(["filter"])
        changes["conditions"] = filter_to_data(input.filter)
    if input.behaviour is not UNSET:
        access.check_write(["behaviour"])
        changes["behaviour"] = behaviour_to_data(input.behaviour)
    pk = from_global_id(input.id, "Segment")
    async with in_transaction():
        row = await SegmentModel.select_for_update().get_or_none(pk=pk)
        if row is None:
            raise NotFound("No such segment")
        if input.expected_version is not None and row.version != input.expected_version:
            raise Conflict("Someone changed this segment", current_version=row.version)
        # The segment as it would be, run once with the author's permissions before it is saved.
        await matching(
            info,
            changes.get("conditions", row.conditions),
            0,
            None,
            changes.get("behaviour", row.behaviour),
        )
        before = {k: getattr(row, k) for k in changes}
        for key, value in changes.items():
            setattr(row, key, value)
        row.version += 1
        await row.save()
        await write_audit(
            access.user_id,
            "segment.update",
            "segment",
            pk,
            before,
            changes,
        )
    return cast(Segment, row)


async def segment_delete(info: Ctx, id: strawberry.ID) -> bool:
    access = info.context.access("segment")
    access.require("delete")
    pk = from_global_id(id, "Segment")
    async with in_transaction():
        row = await SegmentModel.select_for_update().get_or_none(pk=pk)
        if row is None:
            raise NotFound("No such segment")
        await write_audit(
            access.user_id,
            "segment.delete",
            "segment",
            pk,
            {"name": row.name, "filter": row.conditions},
            None,
        )
        await row.delete()
    return True


query_fields = {"segments": strawberry.field(segments, description="Saved contact filters")}
mutation_fields = {
    "segment_create": strawberry.mutation(segment_create),
    "segment_update": strawberry.mutation(segment_update),
    "segment_delete": strawberry.mutation(segment_delete),
}
