"""A pipeline's board: its stages, each with the first page of its deals, at a constant number
of SQL statements (one for the stages, one for every stage's deals, one per related model).

Stage.deals with ``after``/``before``/``last`` pages one column through the ordinary list
builder; a board (first pages only) shares one batched load per distinct set of arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from strawberry.types import Info
from tortoise.expressions import Q

from models.deal_history import DealStageChange
from models.pipeline import Stage
from models.product import DealLineItem
from resolvers import list_specs, lists
from resolvers.api.sorting import SortDirection
from resolvers.context import RequestContext
from resolvers.pages import Page

Ctx = Info[RequestContext, None]


class _Position:
    # A board shows a column in its order unless told otherwise.
    field = "position"
    direction = SortDirection.ASC


COLUMN_ORDER = (_Position(),)


async def stages_of(info: Ctx, pipeline_id: int) -> list[Any]:
    loader = info.context.loaders.grouped(Stage, "pipeline_id", ("position", "id"))
    return await loader.load(pipeline_id)


async def stage_history(info: Ctx, deal_id: int) -> list[Any]:
    loader = info.context.loaders.grouped(DealStageChange, "deal_id", ("at", "id"))
    return await loader.load(deal_id)


async def line_items(info: Ctx, deal_id: int) -> list[Any]:
    loader = info.context.loaders.grouped(DealLineItem, "deal_id", ("position", "id"))
    return await loader.load(deal_id)


async def stage_deals(
    info: Ctx,
    stage_id: int,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    filter: Any,
    order_by: Sequence[Any] | None,
) -> Page[Any]:
    deals = info.context.access("deal")
    order = list(order_by) if order_by else list(COLUMN_ORDER)
    if after is not None or before is not None or last is not None:
        return await lists.page(
            list_specs.DEALS,
            deals,
            lists.PageArgs(first, after, last, before),
            filter=filter,
            order_by=order,
            where=Q(stage_id=stage_id),
        )
    key = f"stage-deals:{first}:{filter!r}:{order_by!r}"
    loader: DataLoader[int, Page[Any]] | None = info.context.cache.get(key)
    if loader is None:

        async def load(ids: Sequence[int]) -> list[Page[Any]]:
            pages = await lists.first_pages(
                list_specs.DEALS, deals, "stage_id", ids, first, filter=filter, order_by=order
            )
            return [pages[i] for i in ids]

        loader = info.context.cache[key] = DataLoader(load_fn=load)
    return await loader.load(stage_id)
