"""The funnel and rep performance reports as the viewer's role sees them (resolvers/
funnel_report.py and resolvers/rep_performance.py return plain objects with these names)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from resolvers.api.kinds import ReportPeriod
from resolvers.api.money import Money


@strawberry.type(description="Durations in seconds: median and 90th percentile (interpolated)")
class DurationFigures:
    count: int = strawberry.field(description="How many durations")
    median: float | None = strawberry.field(description="Null when there are none")
    p90: float | None = strawberry.field(description="90th percentile; null when none")


@strawberry.type(description="How far a cohort's deals got through one stage")
class FunnelStageFigures:
    stage_id: strawberry.ID
    name: str
    is_won: bool
    entered: int = strawberry.field(
        description="Deals that reached this stage or a later one (a won deal reached all)"
    )
    advanced: int = strawberry.field(description="Of those, deals that reached the next stage")
    won: int = strawberry.field(description="Of those, deals won")
    conversion_to_next: float | None = strawberry.field(
        description="advanced / entered; null for the last stage or when none entered"
    )
    conversion_to_won: float | None = strawberry.field(
        description="won / entered; null when none entered"
    )
    time_in_stage: DurationFigures | None = strawberry.field(
        description="Completed stays in the stage, from the stage history; null when the "
        "viewer may not read deal stage history"
    )


@strawberry.type(description="The deals of a pipeline created in one period (or the range)")
class FunnelCohort:
    period: date | None = strawberry.field(
        description="First day of the period of creation; null for the whole range"
    )
    created: int
    won: int
    lost: int
    stages: list[FunnelStageFigures] = strawberry.field(
        description="The pipeline's stages in order, lost stages left out"
    )
    cycle_time: DurationFigures = strawberry.field(description="Creation to won, of the won deals")


@strawberry.type(description="How many lost deals gave one reason")
class ReasonCount:
    reason: str | None = strawberry.field(description="Null for deals lost without a reason")
    count: int


@strawberry.type(description="Conversion, time in stage and cycle time of one pipeline's deals")
class FunnelReportResult:
    pipeline_id: strawberry.ID
    period: ReportPeriod
    total: FunnelCohort = strawberry.field(description="Every deal created in the range")
    cohorts: list[FunnelCohort] = strawberry.field(description="Per period of creation")
    lost_reasons: list[ReasonCount] | None = strawberry.field(
        description="Lost deals of the range per reason, most frequent first (at most 50); "
        "null when the viewer may not read deal loss reasons"
    )


@strawberry.type(description="Activities of one kind")
class KindCount:
    kind: str
    count: int


@strawberry.type(description="One rep's figures in the range (the rep: the records' owner)")
class RepPerformanceFigures:
    owner_id: strawberry.ID | None = strawberry.field(description="Null for unowned records")
    deals_created: int
    deals_won: int = strawberry.field(description="Won in the range (by closedAt)")
    deals_lost: int = strawberry.field(description="Lost in the range (by closedAt)")
    won_revenue: Money | None = strawberry.field(
        description="Won in the range, in the base currency; null when the viewer may not "
        "read deal amounts"
    )
    unconverted: int = strawberry.field(
        description="Won deals left out of wonRevenue: no exchange rate on or before the day "
        "they were won"
    )
    activities: list[KindCount] | None = strawberry.field(
        description="Activities the rep logged in the range, per kind; null when the viewer "
        "may not read activities"
    )
    tasks_done: int | None = strawberry.field(
        description="Tasks assigned to the rep (or owned, when unassigned) completed in the "
        "range; null when the viewer may not read tasks"
    )
    tasks_overdue: int | None = strawberry.field(
        description="Those still open, due in the range and before now"
    )
    new_leads: int | None = strawberry.field(
        description="Contacts the rep owns created in the range; null when the viewer may not "
        "read contacts or activities"
    )
    time_to_first_contact: DurationFigures | None = strawberry.field(
        description="From a new lead's creation (its lead's, when converted from one) to the "
        "first activity on it, of the new leads contacted"
    )


@strawberry.type(description="Per rep: deals, revenue, activities, tasks and first contact")
class RepPerformanceResult:
    base_currency: str
    now: datetime = strawberry.field(description="The time overdue tasks are measured against")
    reps: list[RepPerformanceFigures]
