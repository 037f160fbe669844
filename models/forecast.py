"""The sales forecast: weighted value of open deals by stage, owner and month of expected close,
and won revenue per month or quarter. Grouped in SQL: two statements whatever the number of deals.

The caller passes the viewer's row scope (a Q from the gate); the deals are selected by a Tortoise
queryset with that scope, and the grouping runs over it as a subquery, so a hidden deal is never
counted. Money is summed in integer cents (exact on SQLite, whose decimals are text) and per
currency: different currencies are never added together. A deal's own probability overrides its
stage's default.

The one dialect difference is truncating a date to its month or quarter: strftime on SQLite,
date_trunc on PostgreSQL (in UTC), both rendered as 'YYYY-MM-DD' text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.deal import Deal
from models.tortoise_adapter import parameterized

MONTH, QUARTER = "month", "quarter"
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Bucket:
    """One group: its key (a stage id, an owner id, a period start), a currency, the deals."""

    key: Any
    currency: str
    count: int
    amount: Decimal
    weighted: Decimal


@dataclass(slots=True)
class Forecast:
    by_stage: list[Bucket]
    by_owner: list[Bucket]
    by_month: list[Bucket]
    won: list[Bucket]


def _truncate(dialect: str, column: str, period: str) -> str:
    """SQL for the first day of ``column``'s month or quarter, as 'YYYY-MM-DD' text."""
    if dialect == "postgres":
        return f"to_char(date_trunc('{period}', {column}), 'YYYY-MM-DD')"
    if period == MONTH:
        return f"strftime('%Y-%m-01', {column})"
    month = f"CAST(strftime('%m', {column}) AS INTEGER)"
    return f"printf('%s-%02d-01', strftime('%Y', {column}), (({month} - 1) / 3) * 3 + 1)"


def _utc(dialect: str, column: str) -> str:
    # PostgreSQL truncates a timestamptz in the session's zone: truncate its UTC time instead.
    return f"({column} AT TIME ZONE 'UTC')" if dialect == "postgres" else column


def _subquery(query: QuerySet[Deal]) -> tuple[str, list[Any], str, Any]:
    sql, params, db = parameterized(query)
    return sql, params, db.capabilities.dialect, db


CENTS = 'CAST(ROUND("d"."amount" * 100) AS BIGINT)'

OPEN_SQL = """
WITH "base" AS (
    SELECT "d"."stage_id" AS "stage_id", "d"."owner_id" AS "owner_id", "d"."currency" AS "currency",
           {month} AS "month", {cents} AS "cents",
           COALESCE("d"."probability", "s"."probability") AS "p"
    FROM "deal" AS "d" JOIN "stage" AS "s" ON "s"."id" = "d"."stage_id"
    WHERE "d"."id" IN (SELECT "id" FROM ({scoped}) AS "scoped")
)
SELECT 'stage' AS "dim", CAST("stage_id" AS TEXT) AS "k", "currency", COUNT(*) AS "n",
       SUM("cents") AS "cents", SUM("cents" * "p") AS "wcp"
FROM "base" GROUP BY "stage_id", "currency"
UNION ALL
SELECT 'owner', CAST("owner_id" AS TEXT), "currency", COUNT(*), SUM("cents"), SUM("cents" * "p")
FROM "base" GROUP BY "owner_id", "currency"
UNION ALL
SELECT 'month', "month", "currency", COUNT(*), SUM("cents"), SUM("cents" * "p")
FROM "base" GROUP BY "month", "currency"
"""

WON_SQL = """
SELECT {period} AS "k", "d"."currency" AS "currency", COUNT(*) AS "n", SUM({cents}) AS "cents"
FROM "deal" AS "d"
WHERE "d"."id" IN (SELECT "id" FROM ({scoped}) AS "scoped")
GROUP BY {period}, "d"."currency"
"""


def _base(pipeline_id: int | None, scope: Q | None) -> QuerySet[Deal]:
    query = Deal.filter(deleted_at__isnull=True)
    if pipeline_id is not None:
        query = query.filter(pipeline_id=pipeline_id)
    if scope is not None:
        query = query.filter(scope)
    return query


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _money(cents: Any) -> Decimal:
    return (Decimal(int(cents or 0)) / 100).quantize(CENT)


def _bucket(key: Any, row: dict[str, Any], weighted: bool) -> Bucket:
    # cents x percent: divide by 100 twice, rounded half up to the cent once, at the end.
    w = (Decimal(int(row["wcp"] or 0)) / 10000).quantize(CENT, ROUND_HALF_UP) if weighted else 0
    return Bucket(key, str(row["currency"]), int(row["n"]), _money(row["cents"]), Decimal(w))


def _key(dim: str, raw: Any) -> Any:
    if raw is None:
        return None
    if dim == "month":
        return date.fromisoformat(str(raw))
    return int(raw)


def _order(buckets: list[Bucket]) -> list[Bucket]:
    # Keys first (unkeyed last), then currency: stable output for clients and tests.
    return sorted(buckets, key=lambda b: (b.key is None, b.key or 0, b.currency))


async def forecast(
    *,
    pipeline_id: int | None,
    scope: Q | None,
    start: date | None,
    end: date | None,
    period: str = MONTH,
) -> Forecast:
    """``start``/``end`` (inclusive) bound open deals by expected close (deals without one are
    then left out) and won deals by the day they closed."""
    open_deals = _base(pipeline_id, scope).filter(status="open")
    won_deals = _base(pipeline_id, scope).filter(status="won")
    if start is not None:
        open_deals = open_deals.filter(expected_close__gte=start)
        won_deals = won_deals.filter(
            Q(closed_at__gte=_start(start))
            | Q(closed_at__isnull=True, updated_at__gte=_start(start))
        )
    if end is not None:
        after_end = _start(end + timedelta(days=1))
        open_deals = open_deals.filter(expected_close__lte=end)
        won_deals = won_deals.filter(
            Q(closed_at__lt=after_end) | Q(closed_at__isnull=True, updated_at__lt=after_end)
        )
    scoped, params, dialect, db = _subquery(open_deals.only("id"))
    sql = OPEN_SQL.format(
        month=_truncate(dialect, '"d"."expected_close"', MONTH), cents=CENTS, scoped=scoped
    )
    _, rows = await db.execute_query(sql, params)
    groups: dict[str, list[Bucket]] = {"stage": [], "owner": [], "month": []}
    for raw in rows:
        row = dict(raw)
        groups[row["dim"]].append(_bucket(_key(row["dim"], row["k"]), row, True))

    scoped, params, dialect, db = _subquery(won_deals.only("id"))
    # Deals won before closedAt existed count by their last change.
    closed = _utc(dialect, 'COALESCE("d"."closed_at", "d"."updated_at")')
    sql = WON_SQL.format(period=_truncate(dialect, closed, period), cents=CENTS, scoped=scoped)
    _, rows = await db.execute_query(sql, params)
    won = [_bucket(_key("month", dict(r)["k"]), {**dict(r), "wcp": 0}, False) for r in rows]
    return Forecast(
        _order(groups["stage"]), _order(groups["owner"]), _order(groups["month"]), _order(won)
    )
