"""Deals and pipelines: lists, creation, changes, deletion."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import strawberry
from strawberry.types import Info

from models import currencies
from models import values as cv
from models.automation_triggers import after_deal_write
from models.company import Company as CompanyModel
from models.contact import Contact as ContactModel
from models.deal import Deal as DealModel
from models.deal_moves import move_deal
from models.deal_positions import entering_stage
from models.deal_status import settle_write
from models.errors import BadInput
from models.pipeline import Pipeline as PipelineModel
from models.pipeline import Stage as StageModel
from resolvers import list_specs, lists, prefetch, record_writes
from resolvers.context import RequestContext
from resolvers.customers import OWNERSHIP
from resolvers.record_writes import Column, WriteSpec
from schema.types.connection import Connection
from schema.types.deal_inputs import DealCreateInput, DealMoveInput, DealUpdateInput
from schema.types.filters import DealFilter, DealOrder
from schema.types.node import from_global_id
from schema.types.sales import Deal, Pipeline

Ctx = Info[RequestContext, None]
STATUSES = ("open", "won", "lost")


def _money(value: Decimal) -> Decimal:
    if value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise BadInput("Money is a non-negative amount with at most 2 decimals", field="amount")
    return value


def _currency(value: str) -> str:
    return currencies.iso_code(value)


def _probability(value: int) -> int:
    if not 0 <= value <= 100:
        raise BadInput("Probability is a percentage, 0 to 100", field="probability")
    return value


def _status(value: str) -> str:
    if value not in STATUSES:
        raise BadInput(f"Status is one of {', '.join(STATUSES)}", field="status")
    return value


def _validate(values: dict[str, Any]) -> None:
    if "title" in values and not (values["title"] or "").strip():
        raise BadInput("A deal needs a title", field="title")
    for column in ("amount", "cost", "currency", "stage_id", "status"):
        if column in values and values[column] is None:
            raise BadInput(f"{column} cannot be cleared", field=record_writes._camel(column))
    cv.empty_lists(values, ["tags"])


DEAL_WRITES = WriteSpec(
    "deal",
    DealModel,
    (
        Column("title", "title", "title", str.strip),
        Column("stage_id", "stage", "stage_id", ref=("Stage", "pipeline", StageModel)),
        # Currency belongs to the amount: one may set it only if one may set the amount.
        Column("amount", "amount", "amount", _money),
        Column("currency", "amount", "currency", _currency),
        Column("cost", "cost", "cost", _money),
        Column("probability", "probability", "probability", _probability),
        Column("expected_close", "expectedClose", "expected_close"),
        Column("contact_id", "contact", "contact_id", ref=("Contact", "contact", ContactModel)),
        Column("company_id", "company", "company_id", ref=("Company", "company", CompanyModel)),
        Column("status", "status", "status", _status),
        Column("lost_reason", "lostReason", "lost_reason"),
        Column("tags", "tags", "tags", cv.many(cv.tag, "tags")),
        *OWNERSHIP,
    ),
    _validate,
    # Pipeline and end-of-column position follow the stage (models/deal_positions.py).
    entering_stage,
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
) -> Connection[Deal]:
    page = await lists.page(
        list_specs.DEALS,
        info.context.gate,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )
    return await prefetch.page_with_related(info, "deal", page)


async def pipelines(info: Ctx) -> list[Pipeline]:
    info.context.gate.require("read", "pipeline")
    return cast(list[Pipeline], list(await PipelineModel.all().order_by("position", "id")))


async def deal_create(info: Ctx, input: DealCreateInput) -> Deal:
    return cast(Deal, await record_writes.create(info, DEAL_WRITES, input))


async def deal_update(info: Ctx, input: DealUpdateInput) -> Deal:
    return cast(Deal, await record_writes.update(info, DEAL_WRITES, input))


async def deal_move(info: Ctx, input: DealMoveInput) -> Deal:
    """Stage and place in one step; the position counts the deals the caller sees there."""
    gate = info.context.gate
    gate.require("update", "deal")
    gate.check_write("deal", ["stage"])
    pk = from_global_id(input.id, "Deal")
    stage_id = from_global_id(input.stage_id, "Stage", field="stageId")
    if not gate.can("read", "pipeline"):
        raise BadInput("No such stage", field="stageId")
    row = await move_deal(
        pk,
        stage_id,
        input.position,
        input.expected_version,
        check=lambda deal: gate.require_writable_record("deal", deal, "update"),
        visible=gate.scope("deal", "read"),
        actor_id=gate.principal.user_id,
    )
    return cast(Deal, row)


async def deal_delete(info: Ctx, id: strawberry.ID) -> bool:
    return await record_writes.delete(info, DEAL_WRITES, id)


query_fields = {
    "deals": strawberry.field(deals, description="Deals the caller may see"),
    "pipelines": strawberry.field(pipelines),
}
mutation_fields = {
    "deal_create": strawberry.mutation(deal_create),
    "deal_update": strawberry.mutation(deal_update),
    "deal_move": strawberry.mutation(deal_move),
    "deal_delete": strawberry.mutation(deal_delete, description="Soft delete"),
}
