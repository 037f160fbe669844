"""What the customer report counts for one viewer: its won deals (read scope, filters), its
contacts and its activities. Shared by the report and by the segments saved from it
(resolvers/rfm_segment.py), so a saved segment selects exactly what the report counted for its
reader.

Every field a figure is made of must be readable (FORBIDDEN otherwise), and every filter's
field filterable; the activities count only when the viewer may read when and with whom they
happened (recency then comes from won deals alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.queryset import QuerySet

from models.access.records import RecordAccess
from models.activity import Activity
from models.contact import Contact
from models.deal import Deal
from models.errors import BadInput
from models.i18n.message import msg
from models.reports.customers import won_in

# The deal fields a customer's won deals are counted by.
COUNTED_FIELDS = ("status", "closedAt", "contact")
FILTER_FIELDS = {"pipeline_id": "pipeline", "department_id": "department", "owner_id": "owner"}
MAX_DAYS = 3 * 366
# No overflow at the calendar's ends (the day after the range, days counted back).
EARLIEST, LATEST = date(1900, 1, 1), date(9998, 12, 31)


@dataclass(frozen=True, slots=True)
class CustomerFilters:
    start: date
    end: date
    pipeline_id: int | None = None
    department_id: int | None = None
    owner_id: int | None = None

    def check(self) -> None:
        if self.start > self.end:
            raise BadInput("The range ends before it starts", field="to")
        if not (self.start >= EARLIEST and self.end <= LATEST):
            raise BadInput(
                msg("A report covers {earliest} to {latest}", earliest=EARLIEST, latest=LATEST),
                field="from",
            )
        if (self.end - self.start).days >= MAX_DAYS:
            raise BadInput(
                msg("A report covers at most {max_days} days", max_days=MAX_DAYS), field="to"
            )

    def to_data(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "pipelineId": self.pipeline_id,
            "departmentId": self.department_id,
            "ownerId": self.owner_id,
        }


def require(contacts: RecordAccess, filters: CustomerFilters) -> None:
    """FORBIDDEN unless the viewer may read contacts, won deals by customer, and filter by
    what it filters by."""
    contacts.require("read")
    deals = contacts.of("deal")
    deals.require("read")
    for name in COUNTED_FIELDS:
        deals.require_read(name)
    for column, field in FILTER_FIELDS.items():
        if getattr(filters, column) is not None:
            deals.check_filter([field])


def won_deals(contacts: RecordAccess, filters: CustomerFilters) -> QuerySet[Deal]:
    deals = contacts.of("deal").rows(Deal)
    for column in FILTER_FIELDS:
        value = getattr(filters, column)
        if value is not None:
            deals = deals.filter(**{column: value})
    return won_in(deals, filters.start, filters.end)


def customers(contacts: RecordAccess) -> QuerySet[Contact]:
    return contacts.rows(Contact)


def interactions(contacts: RecordAccess) -> QuerySet[Activity] | None:
    activities = contacts.of("activity")
    readable = activities.can("read") and all(
        activities.can_read(f) for f in ("occurredAt", "contact")
    )
    return activities.rows(Activity) if readable else None
