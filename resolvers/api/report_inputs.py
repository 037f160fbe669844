"""The filters every report takes (issue 19: period, pipeline, department, owner), as one input
shared by reportUpdated and the report download route; a report ignores what it does not use."""

from __future__ import annotations

from datetime import date

import strawberry

from resolvers.api.kinds import ReportPeriod, SalesGroup


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
        )
