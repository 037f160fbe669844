"""The report queries: the viewer's role decides which deals are counted (its read scope) and
which figures it gets (amounts only when it may read them; counts otherwise)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from models.errors import BadInput
from models.global_ids import from_global_id
from models.i18n import msg
from models.money import base_currency
from models.reports.sales import Filters
from models.reports.sales import sales_report as compute
from resolvers.api.kinds import ReportPeriod, SalesGroup
from resolvers.api.report_inputs import ReportFilters
from resolvers.context import RequestContext
from resolvers.report_views import SalesReportResult, sales_result

Ctx = Info[RequestContext, None]
# The deal fields a won-deal count is made of: a viewer who may not read them gets no report.
COUNTED_FIELDS = ("status", "closedAt")
# Each grouping and filter reveals its field: it must be readable.
GROUP_FIELDS = {
    SalesGroup.OWNER: "owner",
    SalesGroup.DEPARTMENT: "department",
    SalesGroup.PIPELINE: "pipeline",
    SalesGroup.COMPANY: "company",
    SalesGroup.PRODUCT: "lineItems",
}
# The longest range a report covers: a bound on the number of groups it returns.
MAX_DAYS = 3 * 366


def _id(
    ctx: RequestContext, value: strawberry.ID | None, type_name: str, field: str, arg: str
) -> int | None:
    if value is None:
        return None
    ctx.access("deal").check_filter([field])
    return from_global_id(value, type_name, field=arg)


async def sales_report(
    info: Ctx,
    start: Annotated[date, strawberry.argument(name="from", description="First day, inclusive")],
    end: Annotated[date, strawberry.argument(name="to", description="Last day, inclusive")],
    period: ReportPeriod = ReportPeriod.MONTH,
    group_by: SalesGroup = SalesGroup.NONE,
    pipeline_id: strawberry.ID | None = None,
    department_id: strawberry.ID | None = None,
    owner_id: strawberry.ID | None = None,
) -> SalesReportResult:
    filters = ReportFilters(
        start=start,
        end=end,
        period=period,
        group_by=group_by,
        pipeline_id=pipeline_id,
        department_id=department_id,
        owner_id=owner_id,
    )
    return await compute_sales(info.context, filters)


async def compute_sales(ctx: RequestContext, given: ReportFilters) -> SalesReportResult:
    """The sales report for the caller of ``ctx``: the query, the download and reportUpdated
    all compute it here, so they check the same permissions and yield the same figures."""
    deal = ctx.access("deal")
    deal.require("read")
    for name in COUNTED_FIELDS:
        deal.require_read(name)
    if given.group_by in GROUP_FIELDS:
        deal.require_read(GROUP_FIELDS[given.group_by])
    if given.start > given.end:
        raise BadInput("The range ends before it starts", field="to")
    if (given.end - given.start).days >= MAX_DAYS:
        raise BadInput(
            msg("A report covers at most {max_days} days", max_days=MAX_DAYS), field="to"
        )
    filters = Filters(
        start=given.start,
        end=given.end,
        pipeline_id=_id(ctx, given.pipeline_id, "Pipeline", "pipeline", "pipelineId"),
        department_id=_id(ctx, given.department_id, "Department", "department", "departmentId"),
        owner_id=_id(ctx, given.owner_id, "User", "owner", "ownerId"),
    )
    report = await compute(
        filters,
        scope=deal.scope(),
        period=given.period.value,
        group=given.group_by.value,
        base=await base_currency(),
    )
    report.amounts_visible = deal.can_read("amount")
    return sales_result(report, given.period)
