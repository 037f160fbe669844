"""The filters every report takes (issue 19: period, pipeline, department, owner), as one input
shared by reportUpdated and the report download route; a report ignores what it does not use."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.api.kinds import ReportPeriod, SalesGroup
from resolvers.api.report_kinds import CustomerRanking


@strawberry.input(description="What a report covers and how it groups its figures")
class ReportFilters:
    start: date = strawberry.field(name="from", description="First day, inclusive")
    end: date = strawberry.field(name="to", description="Last day, inclusive")
    period: ReportPeriod = strawberry.field(
        default=ReportPeriod.MONTH, description="The length of each row's period"
    )
    group_by: SalesGroup = strawberry.field(
        default=SalesGroup.NONE, description="Grouping besides the period (salesReport)"
    )
    pipeline_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = None
    time_zone: str | None = strawberry.field(
        default=None, description="IANA zone of days and hours (interactionReport)"
    )
    silent_days: int | None = strawberry.field(
        default=None, description="List contacts silent for N days (interactionReport)"
    )
    silent_first: int = strawberry.field(
        default=50, description="How many silent contacts to list (interactionReport)"
    )
    top: int = strawberry.field(default=10, description="Top customers listed (customerReport)")
    top_by: CustomerRanking | None = strawberry.field(
        default=None, description="What ranks the top customers (customerReport)"
    )

    def key(self) -> tuple[object, ...]:
        """The filters as a hashable value (subscribers with equal filters share updates)."""
        return (
            self.start,
            self.end,
            self.period,
            self.group_by,
            self.pipeline_id,
            self.department_id,
            self.owner_id,
            self.time_zone,
            self.silent_days,
            self.silent_first,
            self.top,
            self.top_by,
        )
