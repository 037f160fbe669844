"""repPerformance: deal figures need deal read (its scope decides which deals count); each other
part (activities, tasks, new leads' first contact) is computed only when the viewer may read
that record type and the fields it is made of, and is null otherwise; won revenue is null when
the viewer may not read deal amounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from models import clock
from models.access.records import RecordAccess
from models.global_ids import global_id
from models.money import base_currency
from models.reports.reps import Filters, RepFigures, RepReport, Scopes
from models.reports.reps import rep_report as compute
from resolvers.api.money import Money
from resolvers.api.report_inputs import ReportFilters
from resolvers.context import RequestContext
from resolvers.funnel_report import DurationFigures
from resolvers.report_filters import check_range, filter_id

Ctx = Info[RequestContext, None]
# The deal fields the per-rep deal counts are made of.
DEAL_FIELDS = ("owner", "status", "closedAt")
# Each other part's record type and the fields it is made of (owner: the rep).
PART_FIELDS = {
    "activity": ("owner", "kind", "occurredAt"),
    "task": ("owner", "assignee", "status", "dueAt", "completedAt"),
    "contact": ("owner",),
    "lead": ("contact",),
}


@dataclass(frozen=True, slots=True)
class KindCount:
    kind: str
    count: int


@dataclass(frozen=True, slots=True)
class RepPerformanceFigures:
    owner_id: strawberry.ID | None
    deals_created: int
    deals_won: int
    deals_lost: int
    won_revenue: Money | None
    unconverted: int
    activities: list[KindCount] | None
    tasks_done: int | None
    tasks_overdue: int | None
    new_leads: int | None
    time_to_first_contact: DurationFigures | None


@dataclass(frozen=True, slots=True)
class RepPerformanceResult:
    base_currency: str
    now: datetime
    reps: list[RepPerformanceFigures]
    # Not in the API (won revenue is null there): a download drops the amount columns.
    amounts_visible: bool = True


def _readable(access: RecordAccess, fields: tuple[str, ...], filters: Filters) -> bool:
    """Whether the viewer may read the part: the type, its fields and the filtered fields."""
    wanted = list(fields)
    if filters.department_id is not None:
        wanted.append("department")
    if filters.owner_id is not None:
        wanted.append("owner")
    return access.can("read") and all(access.can_read(f) for f in wanted)


def _scopes(ctx: RequestContext, deal: RecordAccess, filters: Filters) -> Scopes:
    parts = {}
    for obj, fields in PART_FIELDS.items():
        access = ctx.access(obj)
        parts[obj] = (access.scope(),) if _readable(access, fields, filters) else None
    return Scopes(deal.scope(), parts["activity"], parts["task"], parts["contact"], parts["lead"])


def _figures(report: RepReport, r: RepFigures) -> RepPerformanceFigures:
    leads = report.leads
    contact = r.first_contact
    return RepPerformanceFigures(
        owner_id=strawberry.ID(global_id("User", r.owner_id)) if r.owner_id else None,
        deals_created=r.created,
        deals_won=r.won,
        deals_lost=r.lost,
        won_revenue=Money(amount=r.revenue, currency=report.base_currency)
        if report.amounts_visible
        else None,
        unconverted=r.unconverted,
        activities=[KindCount(k, n) for k, n in sorted(r.activities.items())]
        if report.activities
        else None,
        tasks_done=r.tasks_done if report.tasks else None,
        tasks_overdue=r.tasks_overdue if report.tasks else None,
        new_leads=r.new_leads if leads else None,
        time_to_first_contact=DurationFigures(contact.count, contact.median, contact.p90)
        if leads
        else None,
    )


async def rep_performance(
    info: Ctx,
    start: Annotated[date, strawberry.argument(name="from", description="First day, inclusive")],
    end: Annotated[date, strawberry.argument(name="to", description="Last day, inclusive")],
    department_id: strawberry.ID | None = None,
    owner_id: strawberry.ID | None = None,
) -> RepPerformanceResult:
    filters = ReportFilters(start=start, end=end, department_id=department_id, owner_id=owner_id)
    return await compute_reps(info.context, filters)


async def compute_reps(ctx: RequestContext, given: ReportFilters) -> RepPerformanceResult:
    """Rep performance for the caller of ``ctx``: the query, the download and reportUpdated."""
    deal = ctx.access("deal")
    deal.require("read")
    for name in DEAL_FIELDS:
        deal.require_read(name)
    check_range(given.start, given.end)
    filters = Filters(
        start=given.start,
        end=given.end,
        department_id=filter_id(
            deal, given.department_id, "Department", "department", "departmentId"
        ),
        owner_id=filter_id(deal, given.owner_id, "User", "owner", "ownerId"),
    )
    report = await compute(
        filters, _scopes(ctx, deal, filters), base=await base_currency(), now=clock.now()
    )
    report.amounts_visible = deal.can_read("amount")
    return RepPerformanceResult(
        base_currency=report.base_currency,
        now=report.now,
        reps=[_figures(report, r) for r in report.reps],
        amounts_visible=report.amounts_visible,
    )
