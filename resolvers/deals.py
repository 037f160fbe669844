"""Deals and pipelines: lists, creation, changes, deletion."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from models.automation_triggers import after_deal_write
from models.deal import Deal as DealModel
from models.deal_moves import move_deal
from models.deal_positions import entering_stage, lock_stage_change
from models.deal_status import settle_write
from models.errors import BadInput
from models.global_ids import from_global_id
from models.pipeline import Pipeline as PipelineModel
from models.records import DECLARED
from resolvers import list_specs, lists, record_writes
from resolvers.api.deal_inputs import DealCreateInput, DealMoveInput, DealUpdateInput
from resolvers.api.filters import DealFilter, DealOrder
from resolvers.compiled import list_reads as compiled_lists
from resolvers.compiled import reads as compiled_reads
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext
from resolvers.pages import Page

Ctx = Info[RequestContext, None]
DEAL_WRITES = record_writes.declared(
    DECLARED["deal"],
    # Pipeline and end-of-column position follow the stage (models/deal_positions.py).
    derive=entering_stage,
    # Stage rows before the deal's, as dealMove takes them (models/deal_positions.py).
    lock_first=lock_stage_change,
    topics=lambda deal: [f"pipeline:{deal.pipeline_id}"],
    move_columns=frozenset({"stage_id"}),
    after=after_deal_write,
    # Status and close time follow the stage: the rule dealMove shares (models/deal_status.py).
    before_save=settle_write,
)


async def deals(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: DealFilter | None = None,
    order_by: list[DealOrder] | None = None,
) -> Page[DealModel] | Compiled:
    return await compiled_reads.page(
        info,
        list_specs.DEALS,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def pipelines(info: Ctx) -> list[PipelineModel] | Compiled:
    access = info.context.access("pipeline")
    access.require("read")
    # The board (stages, each stage's first deals) in one statement when it compiles.
    compiled = await compiled_lists.rows(info, access, PipelineModel, ("position", "id"))
    if compiled is not None:
        return compiled
    return list(await PipelineModel.all().order_by("position", "id"))


async def deal_create(info: Ctx, input: DealCreateInput) -> DealModel:
    return await record_writes.create(info, DEAL_WRITES, input)


async def deal_update(info: Ctx, input: DealUpdateInput) -> DealModel:
    return await record_writes.update(info, DEAL_WRITES, input)


async def deal_move(info: Ctx, input: DealMoveInput) -> DealModel:
    """Stage and place in one step; the position counts the deals the caller sees there."""
    access = info.context.access
    access("deal").require("update")
    access("deal").check_write(["stage"])
    pk = from_global_id(input.id, "Deal")
    stage_id = from_global_id(input.stage_id, "Stage", field="stageId")
    if not access("pipeline").can("read"):
        raise BadInput("No such stage", field="stageId")
    row = await move_deal(
        pk,
        stage_id,
        input.position,
        input.expected_version,
        check=lambda deal: access("deal").require_writable_record(deal, "update"),
        visible=access("deal").scope(),
        actor_id=info.context.require_principal().user_id,
    )
    return row


async def deal_delete(info: Ctx, id: strawberry.ID) -> bool:
    return await record_writes.delete(info, DEAL_WRITES, id)
