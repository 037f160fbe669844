"""Root fields of the customer reports: interactions and customers (RFM, top customers,
forecast against actual)."""

from __future__ import annotations

import strawberry

from resolvers import customer_report, interaction_report
from schema.types.customer_reports import CustomerReportResult
from schema.types.interaction_reports import InteractionReportResult

CUSTOMER_REPORTS_QUERY = {
    "interaction_report": strawberry.field(
        interaction_report.interaction_report,
        graphql_type=InteractionReportResult,
        description="Activities by local hour, weekday, kind and outcome, and the contacts "
        "without an interaction for N days, over the activities and contacts the caller sees",
    ),
    "customer_report": strawberry.field(
        customer_report.customer_report,
        graphql_type=CustomerReportResult,
        description="RFM segments (fixed bands) of the contacts with won deals in the range, "
        "top customers and forecast against actual, over what the caller sees (amounts null "
        "when the caller may not read deal amounts)",
    ),
}
