"""Rep performance: per owner (the rep), deals created, won and lost in a range, won revenue in
the base currency, activities by kind, tasks done and overdue, and the time new leads waited for
their first contact. Each part is one grouped statement over the rows the viewer sees of its own
record type (the caller passes each type's scope, or leaves a part out when the viewer may not
read it); Python only merges the per-rep rows.

- Deals: created = created in the range; won/lost = closed in the range (by closedAt; deals
  closed before closedAt existed by their last change, as in the sales report). Won revenue is
  converted as the sales report does (models/reports/sales.py: the nearest rate on or before
  the day won, per deal, to the cent); deals without a rate are counted in ``unconverted``.
- Activities: by their author (owner), occurred in the range.
- Tasks: by the assignee, or the owner when unassigned. Done = completed in the range; overdue
  = not done or cancelled, due in the range and before ``now`` (models/clock.py).
- First contact: a new lead is a contact created in the range (its rep is the contact's
  owner); it began when the contact was created, or earlier when it was converted from a lead
  the viewer sees (the lead's creation). Its first contact is the earliest activity on the
  contact at or after that; median and 90th percentile of the wait, in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.activity import Activity
from models.contact import Contact
from models.deal import Deal
from models.lead import Lead
from models.reports.percentiles import Durations, durations, percentiles_sql
from models.reports.sales import CENTS, RATE
from models.reports.statement import Statement, day_text, seconds_between
from models.task import Task
from models.tortoise_adapter import connection_of

CENT = Decimal("0.01")
# The deal columns the per-rep figures read (the scoped deals are a derived table "d").
DEAL_COLUMNS = ("owner_id", "created_at", "closed_at", "updated_at", "status", "currency", "amount")

DEALS = """
SELECT "d"."owner_id" AS "g",
  SUM(CASE WHEN {created} >= {start} AND {created} <= {end} THEN 1 ELSE 0 END) AS "created",
  SUM(CASE WHEN {closed} AND "d"."status" = 'won' THEN 1 ELSE 0 END) AS "won",
  SUM(CASE WHEN {closed} AND "d"."status" = 'lost' THEN 1 ELSE 0 END) AS "lost",
  SUM(CASE WHEN {closed} AND "d"."status" = 'won' THEN
        CASE WHEN "d"."currency" = {base} THEN {cents}
             ELSE CAST(ROUND({cents} * {rate}) AS BIGINT) END
      ELSE 0 END) AS "base_cents",
  SUM(CASE WHEN {closed} AND "d"."status" = 'won' AND "d"."currency" <> {base}
           AND {rate} IS NULL THEN 1 ELSE 0 END) AS "missing"
FROM ({scoped}) AS "d"
GROUP BY "d"."owner_id"
"""
ACTIVITIES = """
SELECT "owner_id" AS "g", "kind", COUNT(*) AS "n" FROM ({scoped}) AS "scoped"
GROUP BY "owner_id", "kind"
"""
TASKS = """
SELECT COALESCE("assignee_id", "owner_id") AS "g",
       SUM(CASE WHEN "status" = 'done' THEN 1 ELSE 0 END) AS "done",
       SUM(CASE WHEN "status" = 'done' THEN 0 ELSE 1 END) AS "overdue"
FROM ({scoped}) AS "scoped"
GROUP BY COALESCE("assignee_id", "owner_id")
"""
NEW_LEADS = """
SELECT "owner_id" AS "g", COUNT(*) AS "n" FROM ({scoped}) AS "scoped" GROUP BY "owner_id"
"""
# "n" materialized: each new lead's start (a lead lookup) computed once, not per activity row;
# activities before the earliest start cannot be anyone's first contact, and are not joined.
FIRST_CONTACT = """
WITH "n" AS MATERIALIZED (
    SELECT "c"."id", "c"."owner_id", {began} AS "began" FROM ({contacts}) AS "c"
),
"f" AS (
    SELECT "n"."owner_id", "n"."began", MIN("a"."occurred_at") AS "first"
    FROM "n" JOIN ({activities}) AS "a" ON "a"."contact_id" = "n"."id"
         AND "a"."occurred_at" >= "n"."began"
    WHERE "a"."occurred_at" >= (SELECT MIN("began") FROM "n")
    GROUP BY "n"."id", "n"."owner_id", "n"."began"
)
SELECT "owner_id" AS "k", 0 AS "g", {seconds} AS "v" FROM "f"
"""
LEAD_BEGAN = """COALESCE((SELECT MIN("l"."created_at") FROM ({leads}) AS "l"
 WHERE "l"."contact_id" = "c"."id"), "c"."created_at")"""


@dataclass(frozen=True, slots=True)
class Filters:
    start: date
    end: date
    department_id: int | None = None
    owner_id: int | None = None


@dataclass(frozen=True, slots=True)
class Scopes:
    """Each record type's read scope (None: every row), or absent (the part is left out)."""

    deal: Q | None
    activity: tuple[Q | None] | None = None
    task: tuple[Q | None] | None = None
    contact: tuple[Q | None] | None = None
    lead: tuple[Q | None] | None = None


@dataclass(slots=True)
class RepFigures:
    owner_id: int | None
    created: int = 0
    won: int = 0
    lost: int = 0
    cents: int = 0
    unconverted: int = 0
    activities: dict[str, int] = field(default_factory=dict)
    tasks_done: int = 0
    tasks_overdue: int = 0
    new_leads: int = 0
    first_contact: Durations = field(default_factory=Durations)

    @property
    def revenue(self) -> Decimal:
        return (Decimal(self.cents) / 100).quantize(CENT)


@dataclass(slots=True)
class RepReport:
    base_currency: str
    now: datetime
    reps: list[RepFigures]
    # Which parts were computed (the viewer may read them); amounts are set by the resolver.
    activities: bool = False
    tasks: bool = False
    leads: bool = False
    amounts_visible: bool = True


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _narrowed(query: QuerySet[Any], scope: Q | None, filters: Filters) -> QuerySet[Any]:
    query = query.filter(deleted_at__isnull=True)
    if scope is not None:
        query = query.filter(scope)
    if filters.department_id is not None:
        query = query.filter(department_id=filters.department_id)
    if filters.owner_id is not None:
        query = query.filter(owner_id=filters.owner_id)
    return query


def _in_range(filters: Filters, column: str) -> dict[str, Any]:
    return {
        f"{column}__gte": _start(filters.start),
        f"{column}__lt": _start(filters.end + timedelta(days=1)),
    }


async def _deals(filters: Filters, scope: Q | None, base: str) -> list[dict[str, Any]]:
    after = _in_range(filters, "closed_at")
    query = _narrowed(Deal.all(), scope, filters).filter(
        Q(**_in_range(filters, "created_at"))
        | Q(status__in=("won", "lost"), **after)
        | Q(status__in=("won", "lost"), closed_at__isnull=True, **_in_range(filters, "updated_at"))
    )
    db = connection_of(query)
    st = Statement(db)
    closed_at = 'COALESCE("d"."closed_at", "d"."updated_at")'
    closed_day = day_text(st.dialect, closed_at)
    start, end = st.param(filters.start.isoformat()), st.param(filters.end.isoformat())
    if st.dialect == "postgres":
        rate = RATE.format(cast='"r"."rate"', day=f"CAST(({closed_at} AT TIME ZONE 'UTC') AS DATE)")
    else:
        rate = RATE.format(cast='CAST("r"."rate" AS REAL)', day=f"date({closed_at})")
    sql = DEALS.format(
        created=day_text(st.dialect, '"d"."created_at"'),
        closed=f"({closed_day} >= {start} AND {closed_day} <= {end})",
        start=start,
        end=end,
        base=st.param(base),
        cents=CENTS,
        rate=rate,
        scoped=st.subquery(query.only(*DEAL_COLUMNS)),
    )
    return await st.rows(sql)


async def _grouped(sql: str, query: QuerySet[Any], *columns: str) -> list[dict[str, Any]]:
    """``sql`` over the scoped rows as a derived table of ``columns`` (not ``id IN (...)``:
    one scan of the table, not two)."""
    db = connection_of(query)
    st = Statement(db)
    return await st.rows(sql.format(scoped=st.subquery(query.only(*columns))))


def _tasks(filters: Filters, scope: Q | None, now: datetime) -> QuerySet[Task]:
    query = Task.filter(deleted_at__isnull=True)
    if scope is not None:
        query = query.filter(scope)
    if filters.department_id is not None:
        query = query.filter(department_id=filters.department_id)
    if filters.owner_id is not None:
        query = query.filter(
            Q(assignee_id=filters.owner_id) | Q(assignee_id__isnull=True, owner_id=filters.owner_id)
        )
    due_before = min(now, _start(filters.end + timedelta(days=1)))
    return query.filter(
        Q(status="done", **_in_range(filters, "completed_at"))
        | Q(
            status__in=("open", "in_progress"),
            due_at__gte=_start(filters.start),
            due_at__lt=due_before,
        )
    )


async def _first_contact(
    filters: Filters, contacts: QuerySet[Contact], scopes: Scopes
) -> list[dict[str, Any]]:
    assert scopes.activity is not None
    activities = Activity.filter(deleted_at__isnull=True, contact_id__isnull=False)
    if scopes.activity[0] is not None:
        activities = activities.filter(scopes.activity[0])
    db = connection_of(contacts)
    st = Statement(db)
    began = '"c"."created_at"'
    if scopes.lead is not None:
        leads = Lead.filter(deleted_at__isnull=True, contact_id__isnull=False)
        if scopes.lead[0] is not None:
            leads = leads.filter(scopes.lead[0])
        began = LEAD_BEGAN.format(leads=st.subquery(leads.only("contact_id", "created_at")))
    source = FIRST_CONTACT.format(
        began=began,
        contacts=st.subquery(contacts.only("id", "owner_id", "created_at")),
        activities=st.subquery(activities.only("contact_id", "occurred_at")),
        seconds=seconds_between(st.dialect, '"began"', '"first"'),
    )
    return await st.rows(percentiles_sql(st.dialect, source))


def _rep(reps: dict[int | None, RepFigures], key: Any) -> RepFigures:
    owner = int(key) if key is not None else None
    if owner not in reps:
        reps[owner] = RepFigures(owner)
    return reps[owner]


async def rep_report(filters: Filters, scopes: Scopes, *, base: str, now: datetime) -> RepReport:
    reps: dict[int | None, RepFigures] = {}
    report = RepReport(base_currency=base, now=now, reps=[])
    for row in await _deals(filters, scopes.deal, base):
        rep = _rep(reps, row["g"])
        rep.created, rep.won, rep.lost = (int(row[c] or 0) for c in ("created", "won", "lost"))
        rep.cents, rep.unconverted = int(row["base_cents"] or 0), int(row["missing"] or 0)
    if scopes.activity is not None:
        report.activities = True
        query = _narrowed(Activity.all(), scopes.activity[0], filters).filter(
            **_in_range(filters, "occurred_at")
        )
        for row in await _grouped(ACTIVITIES, query, "owner_id", "kind"):
            _rep(reps, row["g"]).activities[str(row["kind"])] = int(row["n"])
    if scopes.task is not None:
        report.tasks = True
        tasks = _tasks(filters, scopes.task[0], now)
        for row in await _grouped(TASKS, tasks, "owner_id", "assignee_id", "status"):
            rep = _rep(reps, row["g"])
            rep.tasks_done, rep.tasks_overdue = int(row["done"] or 0), int(row["overdue"] or 0)
    if scopes.contact is not None and scopes.activity is not None:
        report.leads = True
        contacts = _narrowed(Contact.all(), scopes.contact[0], filters).filter(
            **_in_range(filters, "created_at")
        )
        for row in await _grouped(NEW_LEADS, contacts, "owner_id"):
            _rep(reps, row["g"]).new_leads = int(row["n"])
        for row in await _first_contact(filters, contacts, scopes):
            _rep(reps, row["k"]).first_contact = durations(row)
    report.reps = sorted(reps.values(), key=lambda r: (r.owner_id is None, r.owner_id or 0))
    return report
