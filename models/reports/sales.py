"""The sales report: deals won per period and group, per currency and in the base currency, for
a range and the range of the same length before it. Grouped in SQL: one statement.

The caller passes the viewer's row scope (a Q from the gate); the won deals are selected by a
Tortoise queryset with that scope and the filters, and the grouping runs over it as a subquery,
so a hidden deal is never counted. Money is summed in integer cents (exact on SQLite, whose
decimals are text). A deal counts on the day it was won (closedAt; deals won before closedAt
existed count by their last change, as in the forecast).

Each deal is converted to the base currency at the nearest rate dated on or before the day it
was won (the rule of documents, docs/architecture.md "Money"), rounded to the cent per deal and
then summed; a deal without such a rate is counted in ``unconverted`` and left out of the base
total rather than guessed. Python only adds up the grouped rows (one per period, group and
currency) into per-group totals, never deal rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.deal import Deal
from models.reports.periods import previous, truncate
from models.tortoise_adapter import parameterized

CENT = Decimal("0.01")
# Stands for one of our parameters until the driver's marker is known (SQL never contains it).
MARK = "\x00"
# Group dimension -> the deal column it groups by (never user text: the resolver maps an enum).
GROUP_COLUMNS = {
    "none": "NULL",
    "owner": '"d"."owner_id"',
    "department": '"d"."department_id"',
    "pipeline": '"d"."pipeline_id"',
    "company": '"d"."company_id"',
    "product": '"d"."product_id"',
}
CENTS = 'CAST(ROUND("d"."amount" * 100) AS BIGINT)'
# The deal columns the statement reads besides the amount.
DEAL_COLUMNS = (
    "id",
    "currency",
    "closed_at",
    "updated_at",
    "owner_id",
    "department_id",
    "pipeline_id",
    "company_id",
)
# By product, a won deal counts once in each product of its line items, with those lines'
# totals (quantity x unit price less the line's discount, rounded to the cent per line, in the
# deal's currency); a deal without line items counts in the group of no product, with its
# amount. Counts are of deals (a deal with two lines of one product counts once).
_X = ", ".join(f'"x"."{c}"' for c in DEAL_COLUMNS)
PRODUCT_ROWS = f"""(
    SELECT {_X}, "li"."product_id" AS "product_id",
           CAST(ROUND("li"."quantity" * "li"."unit_price" * (100 - "li"."discount")) AS BIGINT)
               AS "cents"
    FROM "deal" AS "x" JOIN "deal_line_item" AS "li" ON "li"."deal_id" = "x"."id"
    UNION ALL
    SELECT {_X}, NULL, CAST(ROUND("x"."amount" * 100) AS BIGINT)
    FROM "deal" AS "x"
    WHERE NOT EXISTS (SELECT 1 FROM "deal_line_item" AS "l" WHERE "l"."deal_id" = "x"."id")
)"""

SQL = """
SELECT {window} AS "w", {period} AS "k", CAST({group} AS TEXT) AS "g", "d"."currency" AS "currency",
       COUNT(DISTINCT "d"."id") AS "n", SUM({cents}) AS "cents",
       SUM(CASE WHEN "d"."currency" = {mark} THEN {cents}
                ELSE CAST(ROUND({cents} * {rate}) AS BIGINT) END) AS "base_cents",
       COUNT(DISTINCT CASE WHEN "d"."currency" <> {mark} AND {rate} IS NULL THEN "d"."id" END)
           AS "missing"
FROM {rows} AS "d"
WHERE "d"."id" IN (SELECT "id" FROM ({scoped}) AS "scoped")
GROUP BY 1, 2, 3, 4
"""

RATE = """(SELECT {cast} FROM "exchange_rate" AS "r" WHERE "r"."currency" = "d"."currency"
 AND "r"."valid_on" <= {day} ORDER BY "r"."valid_on" DESC LIMIT 1)"""


@dataclass(frozen=True, slots=True)
class Filters:
    start: date
    end: date
    pipeline_id: int | None = None
    department_id: int | None = None
    owner_id: int | None = None


@dataclass(slots=True)
class Figures:
    """Won deals of one group (and period), in one currency or in the base currency."""

    period: date | None
    group: int | None
    currency: str
    count: int = 0
    cents: int = 0
    unconverted: int = 0

    @property
    def revenue(self) -> Decimal:
        return (Decimal(self.cents) / 100).quantize(CENT)

    @property
    def average(self) -> Decimal | None:
        if not self.count - self.unconverted:
            return None
        mean = Decimal(self.cents) / (self.count - self.unconverted) / 100
        return mean.quantize(CENT, ROUND_HALF_UP)


@dataclass(slots=True)
class Comparison:
    group: int | None
    current: Figures
    previous: Figures


@dataclass(slots=True)
class SalesReport:
    base_currency: str
    group: str = "none"
    # Set by the resolver: false when the viewer may not read deal amounts (counts still shown).
    amounts_visible: bool = True
    rows: list[Figures] = field(default_factory=list)
    by_currency: list[Figures] = field(default_factory=list)
    comparison: list[Comparison] = field(default_factory=list)


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _won(filters: Filters, scope: Q | None, start: date) -> QuerySet[Deal]:
    query = Deal.filter(deleted_at__isnull=True, status="won")
    if scope is not None:
        query = query.filter(scope)
    for column, value in (
        ("pipeline_id", filters.pipeline_id),
        ("department_id", filters.department_id),
        ("owner_id", filters.owner_id),
    ):
        if value is not None:
            query = query.filter(**{column: value})
    after_end = _start(filters.end + timedelta(days=1))
    return query.filter(
        Q(closed_at__gte=_start(start), closed_at__lt=after_end)
        | Q(closed_at__isnull=True, updated_at__gte=_start(start), updated_at__lt=after_end)
    )


def _sql(dialect: str, scoped: str, period: str, group: str) -> str:
    won = 'COALESCE("d"."closed_at", "d"."updated_at")'
    if dialect == "postgres":
        day = f"CAST(({won} AT TIME ZONE 'UTC') AS DATE)"
        text_day = f"to_char({won} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        cast = '"r"."rate"'
    else:
        day = text_day = f"date({won})"
        cast = 'CAST("r"."rate" AS REAL)'
    return SQL.format(
        window=f"CASE WHEN {text_day} >= {MARK} THEN 'c' ELSE 'p' END",
        mark=MARK,
        period=truncate(dialect, won, period),
        group=GROUP_COLUMNS[group],
        cents='"d"."cents"' if group == "product" else CENTS,
        rows=PRODUCT_ROWS if group == "product" else '"deal"',
        rate=RATE.format(cast=cast, day=day),
        scoped=scoped,
    )


def _numbered(sql: str, dialect: str, ours: int) -> str:
    """Our markers (all before the scoped subquery) as the driver's, and the subquery's
    own ``$n`` shifted after them on PostgreSQL."""
    if dialect != "postgres":
        return sql.replace(MARK, "?")
    head, tail = sql.split('(SELECT "id" FROM (', 1)
    pieces = head.split(MARK)
    head = pieces[0] + "".join(f"${i}{p}" for i, p in enumerate(pieces[1:], start=1))
    tail = re.sub(r"\$(\d+)", lambda m: f"${int(m.group(1)) + ours}", tail)
    return f'{head}(SELECT "id" FROM ({tail}'


def _figures(row: dict[str, Any], currency: str, cents: str, missing: bool) -> Figures:
    key = row["k"]
    return Figures(
        period=date.fromisoformat(str(key)) if key is not None else None,
        group=int(row["g"]) if row["g"] is not None else None,
        currency=currency,
        count=int(row["n"]),
        cents=int(row[cents] or 0),
        unconverted=int(row["missing"] or 0) if missing else 0,
    )


def _add(into: dict[Any, Figures], key: Any, figures: Figures) -> None:
    # Adds up grouped rows (one per currency), never deal rows.
    if key not in into:
        into[key] = Figures(figures.period, figures.group, figures.currency)
    total = into[key]
    total.count += figures.count
    total.cents += figures.cents
    total.unconverted += figures.unconverted


def _order(rows: Iterable[Figures]) -> list[Figures]:
    return sorted(
        rows,
        key=lambda f: (
            f.period is None,
            f.period or date.min,
            f.group is None,
            f.group or 0,
            f.currency,
        ),
    )


async def sales_report(
    filters: Filters, *, scope: Q | None, period: str, group: str, base: str
) -> SalesReport:
    """Won deals between ``filters.start`` and ``filters.end`` (inclusive) per ``period`` and
    ``group``; ``comparison`` puts each group's totals next to the previous range's."""
    before_start, _ = previous(filters.start, filters.end)
    query = _won(filters, scope, before_start).only("id")
    scoped, params, db = parameterized(query)
    dialect = db.capabilities.dialect
    ours = [filters.start.isoformat(), base, base]
    sql = _numbered(_sql(dialect, scoped, period, group), dialect, len(ours))
    _, raw = await db.execute_query(sql, [*ours, *params])
    report = SalesReport(base_currency=base, group=group)
    rows: dict[Any, Figures] = {}
    current: dict[Any, Figures] = {}
    earlier: dict[Any, Figures] = {}
    for item in raw:
        row = dict(item)
        in_base = _figures(row, base, "base_cents", True)
        by_group = current if row["w"] == "c" else earlier
        _add(
            by_group,
            in_base.group,
            Figures(None, in_base.group, base, in_base.count, in_base.cents, in_base.unconverted),
        )
        if row["w"] != "c":
            continue
        report.by_currency.append(_figures(row, str(row["currency"]), "cents", False))
        _add(rows, (in_base.period, in_base.group), in_base)
    report.rows = _order(rows.values())
    report.by_currency = _order(report.by_currency)
    groups = sorted(set(current) | set(earlier), key=lambda g: (g is None, g or 0))
    report.comparison = [
        Comparison(
            g,
            current.get(g) or Figures(None, g, base),
            earlier.get(g) or Figures(None, g, base),
        )
        for g in groups
    ]
    return report
