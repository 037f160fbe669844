"""The forecast query: only for viewers who may read what it sums, over the deals they see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from models.errors import BadInput
from models.forecast import Bucket
from models.forecast import forecast as compute
from models.global_ids import from_global_id
from resolvers.api.kinds import ForecastPeriod
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]
# Every deal field the figures are made of or grouped by. Weighted values reveal probabilities
# (weighted / amount), so a viewer missing any of these gets no forecast at all: an aggregate
# must not tell what the field would not.
SUMMED_FIELDS = ("amount", "probability", "status", "stage", "owner", "expectedClose")


@dataclass(frozen=True, slots=True)
class Forecast:
    """The figures by stage, owner, month and won period (schema/types/forecast.py shows them)."""

    by_stage: list[Bucket]
    by_owner: list[Bucket]
    by_month: list[Bucket]
    won_revenue: list[Bucket]
    period: ForecastPeriod


def _check(info: Ctx) -> None:
    access = info.context.access
    access("deal").require("read")
    access("pipeline").require("read")
    for field in SUMMED_FIELDS:
        access("deal").require_read(field)


async def forecast(
    info: Ctx,
    pipeline_id: strawberry.ID | None = None,
    start: Annotated[
        date | None, strawberry.argument(name="from", description="First day, inclusive")
    ] = None,
    end: Annotated[
        date | None, strawberry.argument(name="to", description="Last day, inclusive")
    ] = None,
    period: ForecastPeriod = ForecastPeriod.MONTH,
) -> Forecast:
    _check(info)
    if start is not None and end is not None and start > end:
        raise BadInput("The range ends before it starts", field="to")
    pid = from_global_id(pipeline_id, "Pipeline", field="pipelineId") if pipeline_id else None
    result = await compute(
        pipeline_id=pid,
        scope=info.context.access("deal").scope(),
        start=start,
        end=end,
        period=period.value,
    )
    return Forecast(
        by_stage=list(result.by_stage),
        by_owner=list(result.by_owner),
        by_month=list(result.by_month),
        won_revenue=list(result.won),
        period=period,
    )
