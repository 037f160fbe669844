"""Root fields of the funnel and rep performance reports (issue 19)."""

from __future__ import annotations

import strawberry

from resolvers import funnel_report, rep_performance
from schema.types.funnel_reports import FunnelReportResult, RepPerformanceResult

FUNNEL_REPORTS_QUERY = {
    "funnel_report": strawberry.field(
        funnel_report.funnel_report,
        graphql_type=FunnelReportResult,
        description="Per stage of a pipeline, the deals created in the range (by cohort of "
        "creation) that reached it, conversion to the next stage and to won, time in stage, "
        "cycle time and loss reasons, over the deals the caller sees",
    ),
    "rep_performance": strawberry.field(
        rep_performance.rep_performance,
        graphql_type=RepPerformanceResult,
        description="Per rep: deals created, won and lost, won revenue in the base currency, "
        "activities by kind, tasks done and overdue, and new leads' time to first contact, "
        "over the records the caller sees (each part null when the caller may not read it)",
    ),
}
