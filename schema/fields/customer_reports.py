"""Root fields of the customer reports: interactions and customers (RFM, top customers,
forecast against actual)."""

from __future__ import annotations

import strawberry

from resolvers import customer_report, interaction_report, rfm_segment
from schema.types.customer_reports import CustomerReportResult
from schema.types.interaction_reports import InteractionReportResult
from schema.types.segments import Segment

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

CUSTOMER_REPORTS_MUTATION = {
    "customer_report_save_segment": strawberry.mutation(
        rfm_segment.customer_report_save_segment,
        graphql_type=Segment,
        description="Save one RFM segment of customerReport as a segment: its contacts are "
        "evaluated live with each reader's permissions, like every segment",
    ),
}
