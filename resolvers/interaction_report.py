"""interactionReport: when and how customers are contacted, and who has not been for a while,
over the activities and contacts the viewer's role lets it see (its read scopes), with the
fields it may read (kind and time to be counted at all, outcome to be grouped by)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

import strawberry
from strawberry.types import Info

from models.access.records import RecordAccess
from models.activity import Activity
from models.contact import Contact
from models.errors import BadInput
from models.global_ids import from_global_id
from models.i18n.message import msg
from models.reports import interactions
from models.user import User
from resolvers.api.report_inputs import ReportFilters
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]
# The activity fields a count is made of: a viewer who may not read them gets no report.
COUNTED_FIELDS = ("occurredAt", "kind")
MAX_DAYS = 3 * 366
# Days whose midnight exists in every zone and in UTC (no overflow at the calendar's ends).
EARLIEST, LATEST = date(1900, 1, 1), date(9998, 12, 31)
MAX_SILENT_DAYS = 10 * 366
MAX_SILENT_LISTED = 200


@dataclass(frozen=True, slots=True)
class InteractionCount:
    key: str | None
    count: int


@dataclass(frozen=True, slots=True)
class HourCount:
    hour: int
    count: int


@dataclass(frozen=True, slots=True)
class WeekdayCount:
    weekday: int
    count: int


@dataclass(frozen=True, slots=True)
class SilentCustomer:
    contact: Contact
    last_interaction_at: datetime | None


@dataclass(frozen=True, slots=True)
class InteractionReportResult:
    time_zone: str
    total: int
    by_hour: list[HourCount]
    by_weekday: list[WeekdayCount]
    by_kind: list[InteractionCount]
    by_outcome: list[InteractionCount] | None
    silent_total: int | None
    silent_customers: list[SilentCustomer] | None


@cache
def _zones() -> frozenset[str]:
    # The IANA zones (PostgreSQL knows them all); not the server's own "localtime".
    return frozenset(available_timezones() - {"localtime"})


async def _zone(access: RecordAccess, name: str | None) -> ZoneInfo:
    if name is None:
        name = (await User.get(id=access.user_id)).time_zone or "UTC"
    if name not in _zones():
        raise BadInput(msg("Unknown time zone '{zone}'", zone=name[:64]), field="timeZone")
    return ZoneInfo(name)


def _narrowed(access: RecordAccess, model: Any, owner: int | None, dept: int | None) -> Any:
    rows = access.rows(model)
    if owner is not None:
        access.check_filter(["owner"])
        rows = rows.filter(owner_id=owner)
    if dept is not None:
        access.check_filter(["department"])
        rows = rows.filter(department_id=dept)
    return rows


def _check(start: date, end: date, silent_days: int | None, silent_first: int) -> None:
    if start > end:
        raise BadInput("The range ends before it starts", field="to")
    if not (start >= EARLIEST and end <= LATEST):
        raise BadInput(
            msg("A report covers {earliest} to {latest}", earliest=EARLIEST, latest=LATEST),
            field="from",
        )
    if (end - start).days >= MAX_DAYS:
        raise BadInput(
            msg("A report covers at most {max_days} days", max_days=MAX_DAYS), field="to"
        )
    if silent_days is not None and not 1 <= silent_days <= MAX_SILENT_DAYS:
        raise BadInput(
            msg("silentDays is 1 to {max_days}", max_days=MAX_SILENT_DAYS), field="silentDays"
        )
    if not 1 <= silent_first <= MAX_SILENT_LISTED:
        raise BadInput(
            msg("silentFirst is 1 to {max_listed}", max_listed=MAX_SILENT_LISTED),
            field="silentFirst",
        )


async def interaction_report(
    info: Ctx,
    start: Annotated[date, strawberry.argument(name="from", description="First day, inclusive")],
    end: Annotated[date, strawberry.argument(name="to", description="Last day, inclusive")],
    department_id: strawberry.ID | None = None,
    owner_id: strawberry.ID | None = None,
    silent_days: Annotated[
        int | None,
        strawberry.argument(
            description="List the contacts without an interaction in the N days before the "
            "end of the range (none listed when null)"
        ),
    ] = None,
    silent_first: Annotated[
        int, strawberry.argument(description="How many silent contacts to list, at most 200")
    ] = 50,
    time_zone: Annotated[
        str | None,
        strawberry.argument(description="IANA zone of days and hours; the caller's own if null"),
    ] = None,
) -> InteractionReportResult:
    filters = ReportFilters(
        start=start,
        end=end,
        department_id=department_id,
        owner_id=owner_id,
        silent_days=silent_days,
        silent_first=silent_first,
        time_zone=time_zone,
    )
    return await compute_interactions(info.context, filters)


async def compute_interactions(
    ctx: RequestContext, given: ReportFilters
) -> InteractionReportResult:
    """The interaction report for the caller of ``ctx``: the query, the download and
    reportUpdated."""
    start, end = given.start, given.end
    silent_days, silent_first = given.silent_days, given.silent_first
    owner_id, department_id = given.owner_id, given.department_id
    activity = ctx.access("activity")
    activity.require("read")
    for name in COUNTED_FIELDS:
        activity.require_read(name)
    _check(start, end, silent_days, silent_first)
    owner = from_global_id(owner_id, "User", field="ownerId") if owner_id else None
    dept = (
        from_global_id(department_id, "Department", field="departmentId") if department_id else None
    )
    contact = ctx.access("contact")
    if silent_days is not None:
        contact.require("read")
        activity.check_filter(["contact", "occurredAt"])
    span = interactions.Range(start, end, await _zone(activity, given.time_zone))
    outcomes = activity.can_read("outcome")
    report = await interactions.interaction_counts(
        _narrowed(activity, Activity, owner, dept), span, outcomes=outcomes
    )
    silent_total: int | None = None
    silent: list[SilentCustomer] | None = None
    if silent_days is not None:
        # The owner and department filters pick the customers; an interaction by anyone the
        # viewer sees ends a silence.
        silent_total, found = await interactions.silent_customers(
            _narrowed(contact, Contact, owner, dept),
            activity.rows(Activity),
            span,
            silent_days,
            silent_first,
        )
        silent = [SilentCustomer(s.contact, s.last_interaction_at) for s in found]
    return InteractionReportResult(
        time_zone=span.zone.key,
        total=report.total,
        by_hour=[HourCount(c.key, c.count) for c in report.by_hour],
        by_weekday=[WeekdayCount(c.key, c.count) for c in report.by_weekday],
        by_kind=[InteractionCount(c.key, c.count) for c in report.by_kind],
        by_outcome=(
            [InteractionCount(c.key, c.count) for c in report.by_outcome]
            if report.by_outcome is not None
            else None
        ),
        silent_total=silent_total,
        silent_customers=silent,
    )
