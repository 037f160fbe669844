"""Activities: logging interactions, changing them, the timeline, and a record's last one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from models import clock
from models.activity import Activity as ActivityModel
from models.automation_triggers import after_activity_write
from models.board import first_per_group
from models.records import DECLARED
from resolvers import list_specs, lists, record_writes
from resolvers.api.activity_inputs import ActivityLogInput, ActivityUpdateInput
from resolvers.api.filters import ActivityFilter, ActivityOrder
from resolvers.compiled import reads as compiled_reads
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext
from resolvers.pages import Page

Ctx = Info[RequestContext, None]


ACTIVITY_WRITES = record_writes.declared(
    DECLARED["activity"],
    topics=lambda row: [
        f"{obj}:{pk}"
        for obj, pk in (
            ("contact", row.contact_id),
            ("company", row.company_id),
            ("deal", row.deal_id),
        )
        if pk is not None
    ],
    after=after_activity_write,
)


async def activities(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: ActivityFilter | None = None,
    order_by: list[ActivityOrder] | None = None,
) -> Page[ActivityModel] | Compiled:
    return await compiled_reads.page(
        info,
        list_specs.ACTIVITIES,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def activity_log(info: Ctx, input: ActivityLogInput) -> ActivityModel:
    if input.occurred_at is strawberry.UNSET:
        input.occurred_at = clock.now()
    return await record_writes.create(info, ACTIVITY_WRITES, input)


async def activity_update(info: Ctx, input: ActivityUpdateInput) -> ActivityModel:
    return await record_writes.update(info, ACTIVITY_WRITES, input)


async def activity_delete(info: Ctx, id: strawberry.ID) -> bool:
    return await record_writes.delete(info, ACTIVITY_WRITES, id)


# A record's newest activity first (``last_activity``; reads compiled to SQL follow the same
# order: resolvers/compiled/many.py ``newest``).
NEWEST_FIRST = (("occurred_at", True), ("id", True))


async def last_activity(info: Ctx, column: str, pk: int) -> Any:
    """The newest activity of a record that the caller may see; one query for the whole page
    of records (the first row per record, ranked in SQL, within the caller's activity scope)."""
    activities = info.context.access("activity")
    if not activities.can("read"):
        return None
    key = f"last-activity:{column}"
    loader: DataLoader[int, Any] | None = info.context.cache.get(key)
    if loader is None:

        async def load(ids: Sequence[int]) -> list[Any]:
            query = lists.base_query(list_specs.ACTIVITIES, activities).filter(
                **{f"{column}__in": list(ids)}
            )
            found = await first_per_group(query, column, list(NEWEST_FIRST), 1)
            return [found.get(i, [None])[0] for i in ids]

        loader = info.context.cache[key] = DataLoader(load_fn=load)
    return await loader.load(pk)
