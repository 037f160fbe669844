"""The customer report's RFM figures: for each customer (a contact) with a won deal in the
range, recency, frequency and monetary value, their scores in fixed bands, and the segment the
recency and frequency scores put it in. Aggregated in SQL: one statement for the counts per
segment, one for the top customers, whatever the number of deals.

- Frequency: won deals in the range (a deal counts on the day it was won, as in the sales
  report).
- Monetary: their amounts in the base currency, each converted at the nearest rate dated on or
  before the day it was won (models/reports/sales.py); a deal without such a rate is counted in
  ``unconverted`` and left out of the sum.
- Recency: whole days (UTC dates) from the newest of the customer's last won deal in the range
  and its last interaction up to the range's end, to the range's last day.

Scores are fixed bands, not quintiles: a customer's score does not move when other customers
change, a segment saved from the report means the same thing tomorrow, and the figures can be
checked by hand (``R_BANDS``, ``F_BANDS``, ``M_BANDS``). Segments use recency and frequency
only, so the counts per segment never depend on amounts a viewer may not read.

The caller passes the viewer's won deals (already filtered), contacts and activities (or None
when it may not see activities: recency then comes from deals alone) as querysets; they are
embedded as subqueries, so a hidden deal, contact or interaction never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.activity import Activity
from models.contact import Contact
from models.deal import Deal
from models.reports.sales import CENTS, RATE
from models.reports.statements import embed_all
from models.tortoise_adapter import connection_of

# (score, days at most) from the best; older than the last: 1.
R_BANDS = ((5, 30), (4, 90), (3, 180), (2, 365))
# (score, won deals at least) from the best; one deal: 1.
F_BANDS = ((5, 10), (4, 5), (3, 3), (2, 2))
# (score, base-currency revenue at least, in whole units) from the best; less: 1.
M_BANDS = ((5, 100_000), (4, 25_000), (3, 10_000), (2, 2_500))
# First match wins: (segment, lowest recency score, highest recency score, lowest frequency
# score, highest frequency score).
SEGMENTS = (
    ("champions", 4, 5, 4, 5),
    ("loyal", 3, 5, 3, 5),
    ("new", 4, 5, 1, 1),
    ("promising", 3, 5, 1, 5),
    ("at_risk", 1, 2, 3, 5),
    ("hibernating", 2, 2, 1, 5),
    ("lost", 1, 1, 1, 5),
)
SEGMENT_NAMES = tuple(s[0] for s in SEGMENTS)
TOP_ORDERS = {
    "revenue": '"m" DESC, "f" DESC, "cid"',
    "count": '"f" DESC, "days", "cid"',
}
WON_AT = 'COALESCE("d"."closed_at", "d"."updated_at")'

PER_CUSTOMER_SQL = """
WITH "won" AS (
    SELECT "d"."contact_id" AS "cid", COUNT(*) AS "f",
           SUM(CASE WHEN "d"."currency" = '{base}' THEN {cents}
                    ELSE CAST(ROUND({cents} * {rate}) AS BIGINT) END) AS "m",
           SUM(CASE WHEN "d"."currency" <> '{base}' AND {rate} IS NULL THEN 1 ELSE 0 END)
               AS "unconverted",
           MAX({won_at}) AS "last_won"
    FROM ({deals}) AS "d"
    WHERE "d"."contact_id" IN (SELECT "id" FROM ({contacts}) AS "contacts")
    GROUP BY "d"."contact_id"
), "touch" AS (
    {touch}
), "scored" AS (
    SELECT "w"."cid" AS "cid", "w"."f" AS "f", COALESCE("w"."m", 0) AS "m",
           "w"."unconverted" AS "unconverted", {last} AS "last", {days} AS "days"
    FROM "won" AS "w" LEFT JOIN "touch" AS "t" ON "t"."cid" = "w"."cid"
), "banded" AS (
    SELECT "cid", "f", "m", "unconverted", "last", "days",
           {r_score} AS "rs", {f_score} AS "fs", {m_score} AS "ms"
    FROM "scored"
), "segmented" AS (
    SELECT "cid", "f", "m", "unconverted", "last", "days", "rs", "fs", "ms",
           {segment} AS "segment"
    FROM "banded"
)
"""
COUNTS_SQL = 'SELECT "segment", COUNT(*) AS "n" FROM "segmented" GROUP BY "segment"'
TOP_SQL = 'SELECT * FROM "segmented" ORDER BY {order} LIMIT {limit}'


@dataclass(frozen=True, slots=True)
class Customer:
    contact: Contact
    won: int
    cents: int
    unconverted: int
    last_touch: datetime | None
    days: int
    recency: int
    frequency: int
    monetary: int
    segment: str


def _bands(column: str, bands: tuple[tuple[int, int], ...], op: str) -> str:
    whens = " ".join(f"WHEN {column} {op} {bound} THEN {score}" for score, bound in bands)
    return f"CASE {whens} ELSE 1 END"


def _segment() -> str:
    whens = " ".join(
        f'WHEN "rs" BETWEEN {rl} AND {rh} AND "fs" BETWEEN {fl} AND {fh} THEN \'{name}\''
        for name, rl, rh, fl, fh in SEGMENTS
    )
    return f"CASE {whens} END"


# The last visible interaction of each customer, only for the customers (not for every contact
# of the viewer's activities); the scoped rows are derived tables, one scan each.
TOUCH_SQL = """SELECT "a"."contact_id" AS "cid", MAX("a"."occurred_at") AS "last_touch"
    FROM ({activities}) AS "a"
    WHERE "a"."contact_id" IN (SELECT "cid" FROM "won")
    GROUP BY "a"."contact_id"
"""
# The viewer sees no activity: recency from the won deals alone (no rows; the column typed as a
# time, as PostgreSQL wants to compare it with one).
NO_TOUCH_SQL = (
    'SELECT "w"."cid" AS "cid", "w"."last_won" AS "last_touch" FROM "won" AS "w" WHERE 1 = 0'
)
DEAL_COLUMNS = ("id", "contact_id", "currency", "amount", "closed_at", "updated_at")


def _sql(dialect: str, base: str, end: date, deals: str, contacts: str, touch: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", base):
        raise ValueError(base)
    last = (
        'CASE WHEN "t"."last_touch" IS NOT NULL AND "t"."last_touch" > "w"."last_won" '
        'THEN "t"."last_touch" ELSE "w"."last_won" END'
    )
    won_at = WON_AT
    if dialect == "postgres":
        day = f"CAST(({won_at} AT TIME ZONE 'UTC') AS DATE)"
        days = f"(DATE '{end.isoformat()}' - CAST(({last}) AT TIME ZONE 'UTC' AS DATE))"
        cast = '"r"."rate"'
    else:
        day = f"date({won_at})"
        days = f"CAST(julianday('{end.isoformat()}') - julianday(date({last})) AS INTEGER)"
        cast = 'CAST("r"."rate" AS REAL)'
    return PER_CUSTOMER_SQL.format(
        base=base,
        cents=CENTS,
        rate=RATE.format(cast=cast, day=day),
        won_at=won_at,
        deals=deals,
        contacts=contacts,
        touch=touch,
        last=last,
        days=days,
        r_score=_bands('"days"', R_BANDS, "<="),
        f_score=_bands('"f"', F_BANDS, ">="),
        m_score=_bands('"m"', tuple((s, b * 100) for s, b in M_BANDS), ">="),
        segment=_segment(),
    )


def won_in(deals: QuerySet[Deal], start: date, end: date) -> QuerySet[Deal]:
    """The won deals with a customer among ``deals``, won between ``start`` and ``end`` (deals
    won before closedAt existed count by their last change, as in the sales report)."""
    since = datetime.combine(start, time.min, tzinfo=UTC)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    return deals.filter(status="won", contact_id__isnull=False).filter(
        Q(closed_at__gte=since, closed_at__lt=until)
        | Q(closed_at__isnull=True, updated_at__gte=since, updated_at__lt=until)
    )


def _time(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


class RfmQuery:
    """The per-customer statement for one viewer and range; ``counts`` and ``top`` run it."""

    def __init__(
        self,
        won: QuerySet[Deal],
        contacts: QuerySet[Contact],
        activities: QuerySet[Activity] | None,
        end: date,
        base: str,
    ) -> None:
        self.db = db = connection_of(won)
        dialect = db.capabilities.dialect
        queries: list[QuerySet[Any]] = [won.only(*DEAL_COLUMNS), contacts.only("id")]
        until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
        if activities is not None:
            queries.append(
                activities.filter(contact_id__isnull=False, occurred_at__lt=until).only(
                    "contact_id", "occurred_at"
                )
            )
        sqls, self.params = embed_all(queries, dialect)
        touch = TOUCH_SQL.format(activities=sqls[2]) if activities is not None else NO_TOUCH_SQL
        self.head = _sql(dialect, base, end, sqls[0], sqls[1], touch)

    async def counts(self) -> dict[str, int]:
        _, rows = await self.db.execute_query(self.head + COUNTS_SQL, self.params)
        found = {str(dict(r)["segment"]): int(dict(r)["n"]) for r in rows}
        return {name: found.get(name, 0) for name in SEGMENT_NAMES}

    async def top(self, order: str, limit: int) -> list[Customer]:
        sql = self.head + TOP_SQL.format(order=TOP_ORDERS[order], limit=int(limit))
        _, raw = await self.db.execute_query(sql, self.params)
        rows = [dict(r) for r in raw]
        if not rows:
            return []
        contacts = {c.id: c for c in await Contact.filter(id__in=[r["cid"] for r in rows])}
        return [
            Customer(
                contact=contacts[r["cid"]],
                won=int(r["f"]),
                cents=int(r["m"] or 0),
                unconverted=int(r["unconverted"] or 0),
                last_touch=_time(r["last"]),
                days=int(r["days"]),
                recency=int(r["rs"]),
                frequency=int(r["fs"]),
                monetary=int(r["ms"]),
                segment=str(r["segment"]),
            )
            for r in rows
        ]
