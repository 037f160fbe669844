"""segments, segmentCreate/Update/Delete. A filter is checked by running it once with the
author's permissions before it is saved, so a segment never stores a filter its author could
not run; readers run it with their own."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.unset import UNSET

from models import segment_actions
from models.errors import BadInput
from models.global_ids import from_global_id
from models.segment import Segment as SegmentModel
from resolvers import list_specs, lists
from resolvers.api.segment_inputs import (
    SegmentInput,
    SegmentUpdateInput,
    behaviour_to_data,
    filter_from_data,
    filter_to_data,
)
from resolvers.context import RequestContext
from resolvers.pages import Page
from resolvers.segment_behaviour import behaviour_q

Ctx = Info[RequestContext, None]


async def matching(
    info: Ctx,
    data: dict[str, Any],
    first: int | None,
    after: str | None,
    behaviour: dict[str, Any] | None = None,
) -> Page[Any]:
    contacts = info.context.access(list_specs.CONTACTS.obj)
    return await lists.page(
        list_specs.CONTACTS,
        contacts,
        lists.PageArgs(first, after),
        filter=filter_from_data(data),
        where=behaviour_q(contacts, behaviour),
    )


def _name(value: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > 100:
        raise BadInput("A segment name is 1-100 characters", field="name")
    return cleaned


async def segments(
    info: Ctx, first: int | None = None, after: str | None = None
) -> Page[SegmentModel]:
    return await lists.page(
        list_specs.SEGMENTS,
        info.context.access(list_specs.SEGMENTS.obj),
        lists.PageArgs(first, after),
    )


async def segment_create(info: Ctx, input: SegmentInput) -> SegmentModel:
    access = info.context.access("segment")
    access.require("create")
    access.check_write(["name", "filter"])
    data = filter_to_data(input.filter)
    behaviour = behaviour_to_data(input.behaviour)
    if behaviour is not None:
        access.check_write(["behaviour"])
    await matching(info, data, 0, None, behaviour)
    row = await segment_actions.create_segment(_name(input.name), data, behaviour, access.user_id)
    return row


async def segment_update(info: Ctx, input: SegmentUpdateInput) -> SegmentModel:
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
    # The segment as it would be, run once with the author's permissions before it is saved.
    row = await segment_actions.update_segment(
        pk,
        changes,
        input.expected_version,
        lambda conditions, behaviour: matching(info, conditions, 0, None, behaviour),
        access.user_id,
    )
    return row


async def segment_delete(info: Ctx, id: strawberry.ID) -> bool:
    access = info.context.access("segment")
    access.require("delete")
    pk = from_global_id(id, "Segment")
    await segment_actions.delete_segment(pk, access.user_id)
    return True
