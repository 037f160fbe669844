"""Reports as the viewer's role sees them: amounts are null when it may not read deal amounts.
The resolvers (resolvers/report_views.py) return plain objects with these attribute names."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.api.kinds import ReportKind, ReportPeriod, SalesGroup
from resolvers.api.money import Money
from schema.types.customer_reports import CustomerReportResult
from schema.types.funnel_reports import FunnelReportResult, RepPerformanceResult
from schema.types.interaction_reports import InteractionReportResult


@strawberry.type(description="Won deals of one period and group, in one currency")
class SalesFigures:
    period: date | None = strawberry.field(description="First day of the period")
    group_id: strawberry.ID | None = strawberry.field(
        description="The user, department, pipeline or company grouped by; null when not "
        "grouped or for deals without one"
    )
    currency: str
    count: int = strawberry.field(description="Deals won")
    revenue: Money | None = strawberry.field(
        description="Sum of their amounts; null when the viewer may not read deal amounts"
    )
    average: Money | None = strawberry.field(
        description="Average deal size; null when there is nothing to average or the viewer "
        "may not read deal amounts"
    )
    unconverted: int = strawberry.field(
        description="Deals left out of base-currency amounts: no exchange rate on or before "
        "the day they were won (always 0 per currency)"
    )


@strawberry.type(description="One group's totals in the range and in the range before it")
class SalesComparison:
    group_id: strawberry.ID | None
    current: SalesFigures
    previous: SalesFigures = strawberry.field(
        description="The range of the same length just before the report's"
    )


@strawberry.type(description="Won deals per period and group over the deals the viewer sees")
class SalesReportResult:
    base_currency: str
    period: ReportPeriod
    group_by: SalesGroup
    rows: list[SalesFigures] = strawberry.field(description="In the base currency")
    by_currency: list[SalesFigures] = strawberry.field(description="In each deal's own currency")
    comparison: list[SalesComparison] = strawberry.field(
        description="Per group, in the base currency, the range against the previous one"
    )


@strawberry.type(
    description="A report's figures as reportUpdated sends them: the field named after the "
    "report holds them, the others are null"
)
class ReportUpdate:
    report: ReportKind
    sales: SalesReportResult | None = strawberry.field(
        description="The figures of salesReport with the same filters (report SALES)"
    )
    funnel: FunnelReportResult | None = strawberry.field(
        description="The figures of funnelReport with the same filters (report FUNNEL)"
    )
    reps: RepPerformanceResult | None = strawberry.field(
        description="The figures of repPerformance with the same filters (report REPS)"
    )
    interactions: InteractionReportResult | None = strawberry.field(
        description="The figures of interactionReport with the same filters (report INTERACTIONS)"
    )
    customers: CustomerReportResult | None = strawberry.field(
        description="The figures of customerReport with the same filters (report CUSTOMERS)"
    )
