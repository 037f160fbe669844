"""customerReport: RFM segments of the customers (contacts) the viewer sees, its top customers
and the forecast against actual, under its read scopes and field permissions.

Amounts (revenue, the monetary score, the forecast) are null when the viewer may not read deal
amounts; counts stay. Ranking top customers by revenue would reveal amounts through the order,
so it is FORBIDDEN then; by default they rank by revenue when amounts are readable and by won
deals otherwise (``topBy`` says which).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from models.errors import BadInput
from models.global_ids import from_global_id
from models.i18n.message import msg
from models.money import base_currency
from models.reports.customers import RfmQuery
from models.reports.forecast_actual import forecast_against_actual
from resolvers import customer_scope
from resolvers.api.kinds import ForecastPeriod, ReportPeriod
from resolvers.api.report_inputs import ReportFilters
from resolvers.api.report_kinds import CustomerRanking
from resolvers.context import RequestContext
from resolvers.customer_report_views import CustomerReportResult, customer_result
from resolvers.customer_scope import CustomerFilters
from resolvers.forecast import SUMMED_FIELDS

Ctx = Info[RequestContext, None]
MAX_TOP = 100


def filters_of(
    start: date,
    end: date,
    pipeline_id: strawberry.ID | None,
    department_id: strawberry.ID | None,
    owner_id: strawberry.ID | None,
) -> CustomerFilters:
    def key(value: strawberry.ID | None, type_name: str, arg: str) -> int | None:
        return from_global_id(value, type_name, field=arg) if value is not None else None

    filters = CustomerFilters(
        start=start,
        end=end,
        pipeline_id=key(pipeline_id, "Pipeline", "pipelineId"),
        department_id=key(department_id, "Department", "departmentId"),
        owner_id=key(owner_id, "User", "ownerId"),
    )
    filters.check()
    return filters


def _forecast_scope(ctx: RequestContext, filters: CustomerFilters) -> Q | None:
    parts = [ctx.access("deal").scope()]
    for column in customer_scope.FILTER_FIELDS:
        value = getattr(filters, column)
        if value is not None and column != "pipeline_id":
            parts.append(Q(**{column: value}))
    present = [p for p in parts if p is not None]
    if not present:
        return None
    combined = present[0]
    for part in present[1:]:
        combined &= part
    return combined


def _may_forecast(ctx: RequestContext) -> bool:
    deal = ctx.access("deal")
    return ctx.access("pipeline").can("read") and all(deal.can_read(f) for f in SUMMED_FIELDS)


async def customer_report(
    info: Ctx,
    start: Annotated[date, strawberry.argument(name="from", description="First day, inclusive")],
    end: Annotated[date, strawberry.argument(name="to", description="Last day, inclusive")],
    pipeline_id: strawberry.ID | None = None,
    department_id: strawberry.ID | None = None,
    owner_id: strawberry.ID | None = None,
    top: Annotated[int, strawberry.argument(description="Top customers listed, 1-100")] = 10,
    top_by: Annotated[
        CustomerRanking | None,
        strawberry.argument(
            description="REVENUE needs deal amounts; by default REVENUE when you may read "
            "them, WON_COUNT otherwise"
        ),
    ] = None,
    period: ForecastPeriod = ForecastPeriod.MONTH,
) -> CustomerReportResult:
    given = ReportFilters(
        start=start,
        end=end,
        period=ReportPeriod(period.value),
        pipeline_id=pipeline_id,
        department_id=department_id,
        owner_id=owner_id,
        top=top,
        top_by=top_by,
    )
    return await compute_customers(info.context, given)


def _forecast_period(period: ReportPeriod) -> ForecastPeriod:
    if period.value not in {p.value for p in ForecastPeriod}:
        raise BadInput(
            msg(
                "The customer report's forecast is by month or quarter, not {period}",
                period=period.value,
            ),
            field="period",
        )
    return ForecastPeriod(period.value)


async def compute_customers(ctx: RequestContext, given: ReportFilters) -> CustomerReportResult:
    """The customer report for the caller of ``ctx``: the query, the download and
    reportUpdated."""
    top, top_by = given.top, given.top_by
    period = _forecast_period(given.period)
    contacts = ctx.access("contact")
    filters = filters_of(
        given.start, given.end, given.pipeline_id, given.department_id, given.owner_id
    )
    customer_scope.require(contacts, filters)
    if not 1 <= top <= MAX_TOP:
        raise BadInput(msg("top is 1 to {max_top}", max_top=MAX_TOP), field="top")
    deal = contacts.of("deal")
    amounts = deal.can_read("amount")
    if top_by is CustomerRanking.REVENUE:
        deal.require_read("amount")
    ranking = top_by or (CustomerRanking.REVENUE if amounts else CustomerRanking.WON_COUNT)
    base = await base_currency()
    rfm = RfmQuery(
        customer_scope.won_deals(contacts, filters),
        customer_scope.customers(contacts),
        customer_scope.interactions(contacts),
        filters.end,
        base,
    )
    counts = await rfm.counts()
    ranked = await rfm.top("revenue" if ranking is CustomerRanking.REVENUE else "count", top)
    forecast = None
    if _may_forecast(ctx):
        forecast = await forecast_against_actual(
            scope=_forecast_scope(ctx, filters),
            pipeline_id=filters.pipeline_id,
            start=filters.start,
            end=filters.end,
            period=period.value,
        )
    return customer_result(base, amounts, counts, ranking, ranked, forecast, period)
