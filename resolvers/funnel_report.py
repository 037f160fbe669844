"""funnelReport: the viewer's deal scope decides which deals make the cohort; stage history
(time in stage) and loss reasons are shown only when the viewer may read those deal fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from models.errors import BadInput
from models.global_ids import global_id
from models.pipeline import Pipeline
from models.reports.funnel import Cohort, Filters, FunnelReport, StageFigures
from models.reports.funnel import funnel_report as compute
from models.reports.percentiles import Durations
from resolvers.api.kinds import ReportPeriod
from resolvers.api.report_inputs import ReportFilters
from resolvers.context import RequestContext
from resolvers.report_filters import check_range, filter_id

Ctx = Info[RequestContext, None]
# The deal fields the funnel is made of: a viewer who may not read them gets no report.
FUNNEL_FIELDS = ("stage", "pipeline", "status", "closedAt")


@dataclass(frozen=True, slots=True)
class DurationFigures:
    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True, slots=True)
class FunnelStageFigures:
    stage_id: strawberry.ID
    name: str
    is_won: bool
    entered: int
    advanced: int
    won: int
    conversion_to_next: float | None
    conversion_to_won: float | None
    time_in_stage: DurationFigures | None


@dataclass(frozen=True, slots=True)
class FunnelCohort:
    period: date | None
    created: int
    won: int
    lost: int
    stages: list[FunnelStageFigures]
    cycle_time: DurationFigures


@dataclass(frozen=True, slots=True)
class ReasonCount:
    reason: str | None
    count: int


@dataclass(frozen=True, slots=True)
class FunnelReportResult:
    pipeline_id: strawberry.ID
    period: ReportPeriod
    total: FunnelCohort
    cohorts: list[FunnelCohort]
    lost_reasons: list[ReasonCount] | None


def _durations(d: Durations) -> DurationFigures:
    return DurationFigures(d.count, d.median, d.p90)


def _stage(report: FunnelReport, s: StageFigures) -> FunnelStageFigures:
    return FunnelStageFigures(
        stage_id=strawberry.ID(global_id("Stage", s.stage_id)),
        name=s.name,
        is_won=s.is_won,
        entered=s.entered,
        advanced=s.advanced,
        won=s.won,
        conversion_to_next=s.to_next,
        conversion_to_won=s.to_won,
        time_in_stage=_durations(s.time_in_stage) if report.history_visible else None,
    )


def _cohort(report: FunnelReport, c: Cohort) -> FunnelCohort:
    return FunnelCohort(
        period=c.period,
        created=c.created,
        won=c.won,
        lost=c.lost,
        stages=[_stage(report, s) for s in c.stages],
        cycle_time=_durations(c.cycle_time),
    )


async def _pipeline(value: int | None) -> int:
    """The pipeline asked for, or the first one (by position) when none is."""
    query = Pipeline.all() if value is None else Pipeline.filter(pk=value)
    found = await query.order_by("position", "id").first()
    if found is None:
        raise BadInput("No such pipeline", field="pipelineId")
    return int(found.pk)


async def funnel_report(
    info: Ctx,
    start: Annotated[date, strawberry.argument(name="from", description="First day, inclusive")],
    end: Annotated[date, strawberry.argument(name="to", description="Last day, inclusive")],
    pipeline_id: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="The first pipeline (by position) when omitted"),
    ] = None,
    department_id: strawberry.ID | None = None,
    owner_id: strawberry.ID | None = None,
    period: Annotated[
        ReportPeriod, strawberry.argument(description="Cohorts: deals by period of creation")
    ] = ReportPeriod.MONTH,
) -> FunnelReportResult:
    filters = ReportFilters(
        start=start,
        end=end,
        period=period,
        pipeline_id=pipeline_id,
        department_id=department_id,
        owner_id=owner_id,
    )
    return await compute_funnel(info.context, filters)


async def compute_funnel(ctx: RequestContext, given: ReportFilters) -> FunnelReportResult:
    """The funnel for the caller of ``ctx``: the query, the download and reportUpdated."""
    deal = ctx.access("deal")
    deal.require("read")
    for name in FUNNEL_FIELDS:
        deal.require_read(name)
    ctx.access("pipeline").require("read")
    check_range(given.start, given.end)
    wanted = filter_id(deal, given.pipeline_id, "Pipeline", "pipeline", "pipelineId")
    department = filter_id(deal, given.department_id, "Department", "department", "departmentId")
    owner = filter_id(deal, given.owner_id, "User", "owner", "ownerId")
    filters = Filters(given.start, given.end, await _pipeline(wanted), department, owner)
    report = await compute(filters, scope=deal.scope(), period=given.period.value)
    report.history_visible = deal.can_read("stageHistory")
    report.reasons_visible = deal.can_read("lostReason")
    return FunnelReportResult(
        pipeline_id=strawberry.ID(global_id("Pipeline", report.pipeline_id)),
        period=given.period,
        total=_cohort(report, report.total),
        cohorts=[_cohort(report, c) for c in report.cohorts],
        lost_reasons=[ReasonCount(r, n) for r, n in report.lost_reasons]
        if report.reasons_visible
        else None,
    )
