"""The interaction report: activities counted by local hour of day, weekday, kind and outcome,
and the customers (contacts) nobody has interacted with for N days, with their last interaction.

The caller passes the viewer's activity and contact querysets (read permission, row scope, not
deleted), so a hidden activity is never counted and a hidden contact never listed. Both
statements group in SQL over those querysets embedded as subqueries: two statements whatever
the number of activities.

Days and hours are the viewer's: the range's days start at midnight in ``zone`` and hours and
weekdays are local (models/reports/local_time.py). "Silent" is judged as of the end of the
range: a contact is silent when no activity it can see falls in the ``silent_days`` days before
the end of the range's last day; its last interaction is the newest visible one before that end
(null: never).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models.activity import Activity
from models.contact import Contact
from models.reports import local_time
from models.reports.statements import embed_all, own_marker
from models.tortoise_adapter import connection_of, parameterized

# The outcomes listed, most frequent first (outcome is free text: a bound on the rows).
MAX_OUTCOMES = 50

# One pass over the activities: counted at once by (hour, weekday, kind, outcome), a few
# thousand groups at most, which each dimension then sums (the local hour and weekday are
# computed once per activity, not once per dimension).
COUNTS_SQL = """
WITH "base" AS (
    SELECT {hour} AS "hour", {weekday} AS "weekday", "a"."kind" AS "kind",
           {outcome} AS "outcome", COUNT(*) AS "n"
    FROM ({scoped}) AS "a"
    GROUP BY 1, 2, 3, 4
)
SELECT 'hour' AS "dim", CAST("hour" AS TEXT) AS "k", SUM("n") AS "n" FROM "base" GROUP BY "hour"
UNION ALL
SELECT 'weekday', CAST("weekday" AS TEXT), SUM("n") FROM "base" GROUP BY "weekday"
UNION ALL
SELECT 'kind', "kind", SUM("n") FROM "base" GROUP BY "kind"
{outcomes}
"""

OUTCOMES_SQL = """UNION ALL
SELECT "dim", "k", "n" FROM (
    SELECT 'outcome' AS "dim", "outcome" AS "k", SUM("n") AS "n" FROM "base"
    GROUP BY "outcome" ORDER BY 3 DESC, 2 LIMIT {limit}
) AS "top_outcomes"
"""

# The scoped rows are derived tables (one scan each), not ``id IN (...)`` lists joined back to
# their tables: at a million activities the join on id cost more than the counting.
SILENT_SQL = """
SELECT "c"."id" AS "id", "l"."last" AS "last", COUNT(*) OVER () AS "total"
FROM ({contacts}) AS "c"
LEFT JOIN (
    SELECT "s"."contact_id" AS "cid", MAX("s"."occurred_at") AS "last"
    FROM ({seen}) AS "s"
    GROUP BY "s"."contact_id"
) AS "l" ON "l"."cid" = "c"."id"
WHERE "l"."last" IS NULL OR "l"."last" < {cutoff}
ORDER BY "l"."last" IS NOT NULL, "l"."last", "c"."id"
LIMIT {limit}
"""


@dataclass(frozen=True, slots=True)
class Range:
    start: date
    end: date
    zone: ZoneInfo

    @property
    def since(self) -> datetime:
        # In UTC: SQLite compares the stored UTC text with the parameter's text.
        return datetime.combine(self.start, time.min, tzinfo=self.zone).astimezone(UTC)

    @property
    def until(self) -> datetime:
        """Midnight after the last day (exclusive), in UTC."""
        midnight = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=self.zone)
        return midnight.astimezone(UTC)

    def days_before_end(self, days: int) -> datetime:
        """Midnight ``days`` calendar days before the end (local midnight: a day across a
        daylight-saving change has 23 or 25 hours), in UTC."""
        midnight = datetime.combine(self.end + timedelta(days=1 - days), time.min, self.zone)
        return midnight.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Count:
    key: Any
    count: int


@dataclass(frozen=True, slots=True)
class SilentCustomer:
    contact: Contact
    last_interaction_at: datetime | None


@dataclass(slots=True)
class InteractionReport:
    total: int = 0
    by_hour: list[Count] = field(default_factory=list)
    by_weekday: list[Count] = field(default_factory=list)
    by_kind: list[Count] = field(default_factory=list)
    # None when the viewer may not read outcomes.
    by_outcome: list[Count] | None = None
    silent_total: int = 0
    silent: list[SilentCustomer] | None = None


def _time(value: Any) -> datetime | None:
    # SQLite returns the stored text; PostgreSQL a datetime.
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


async def interaction_counts(
    activities: QuerySet[Activity], span: Range, *, outcomes: bool
) -> InteractionReport:
    """``activities``: the viewer's activities, already filtered by owner or department."""
    query = activities.filter(occurred_at__gte=span.since, occurred_at__lt=span.until)
    # Outcomes the viewer may not read are not even selected.
    columns = query.only("occurred_at", "kind", *(["outcome"] if outcomes else []))
    db = connection_of(columns)
    dialect = db.capabilities.dialect
    (scoped,), params = embed_all([columns], dialect)
    zone = own_marker(dialect, params, span.zone.key) if dialect == "postgres" else ""
    changes = local_time.offsets(span.zone, span.since, span.until)
    hour, weekday = local_time.hour_and_weekday(dialect, '"a"."occurred_at"', zone, changes)
    sql = COUNTS_SQL.format(
        hour=hour,
        weekday=weekday,
        scoped=scoped,
        outcome='"a"."outcome"' if outcomes else "NULL",
        outcomes=OUTCOMES_SQL.format(limit=MAX_OUTCOMES) if outcomes else "",
    )
    _, rows = await db.execute_query(sql, params)
    groups: dict[str, list[Count]] = {"hour": [], "weekday": [], "kind": [], "outcome": []}
    for raw in rows:
        row = dict(raw)
        key = row["k"]
        if row["dim"] in ("hour", "weekday"):
            key = int(key)
        groups[row["dim"]].append(Count(key, int(row["n"])))
    report = InteractionReport(total=sum(c.count for c in groups["kind"]))
    report.by_hour = sorted(groups["hour"], key=lambda c: c.key)
    report.by_weekday = sorted(groups["weekday"], key=lambda c: c.key)
    report.by_kind = sorted(groups["kind"], key=lambda c: (-c.count, c.key))
    if outcomes:
        report.by_outcome = sorted(
            groups["outcome"], key=lambda c: (-c.count, c.key is None, c.key or "")
        )
    return report


async def run_silent(db: BaseDBAsyncClient, dialect: str, sql: str, params: list[Any]) -> list[Any]:
    if dialect != "postgres":
        return list((await db.execute_query(sql, params))[1])
    # Without parallel workers: PostgreSQL's parallel plan builds the per-contact aggregate
    # (every visible activity with a contact) once in each worker, as the hash side of the
    # join, so three processes did the same work (1.35 s against 0.7-1.0 s alone on the mid
    # data, on 2 shared CPUs). Planned for its values each run, as every report statement.
    async with in_transaction() as connection:
        await connection.execute_script(
            "SET LOCAL plan_cache_mode = force_custom_plan; "
            "SET LOCAL max_parallel_workers_per_gather = 0"
        )
        return list((await connection.execute_query(sql, params))[1])


async def silent_customers(
    contacts: QuerySet[Contact],
    activities: QuerySet[Activity],
    span: Range,
    days: int,
    limit: int,
) -> tuple[int, list[SilentCustomer]]:
    """The contacts without a visible activity in the ``days`` days before the range's end,
    never-contacted first, then the longest silent; and how many there are in all.
    ``activities``: every activity the viewer sees (not narrowed by owner or department: an
    interaction by anyone counts)."""
    seen = activities.filter(contact_id__isnull=False, occurred_at__lt=span.until)
    cutoff = span.days_before_end(days)
    # Silent = no visible activity at or after the cutoff, i.e. the last visible one (before
    # the range's end) is older or missing: one aggregate of the visible activities per
    # contact serves both the test and the listed date (an anti-join on the recent activities
    # plus that aggregate read them twice).
    _, cutoff_params, db = parameterized(Activity.filter(occurred_at__gte=cutoff).only("id"))
    dialect = db.capabilities.dialect
    (contacts_sql, seen_sql), params = embed_all(
        [contacts.only("id"), seen.only("contact_id", "occurred_at")], dialect
    )
    # The cutoff as the ORM writes it for this column (that query's one parameter): SQLite
    # compares the stored text.
    (cutoff_value,) = cutoff_params
    marker = own_marker(dialect, params, cutoff_value)
    sql = SILENT_SQL.format(contacts=contacts_sql, seen=seen_sql, cutoff=marker, limit=int(limit))
    rows = await run_silent(db, dialect, sql, params)
    found = [dict(r) for r in rows]
    if not found:
        return 0, []
    by_id = {c.id: c for c in await Contact.filter(id__in=[r["id"] for r in found])}
    listed = [SilentCustomer(by_id[r["id"]], _time(r["last"])) for r in found]
    return int(found[0]["total"]), listed
