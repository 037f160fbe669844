"""Forecast against actual per period: the forecast's own figures (models/forecast.py, the
same computation and statements as the forecast query), put side by side per period and
currency. The forecast of a period is the weighted value of the open deals expected to close
in it; the actual, the revenue of the deals won in it. Currencies are never added together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tortoise.expressions import Q

from models.forecast import QUARTER, forecast


@dataclass(slots=True)
class PeriodFigures:
    period: date
    currency: str
    open_count: int = 0
    pipeline: Decimal = Decimal("0.00")
    forecast: Decimal = Decimal("0.00")
    won_count: int = 0
    actual: Decimal = Decimal("0.00")


def _quarter(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


async def forecast_against_actual(
    *, scope: Q | None, pipeline_id: int | None, start: date, end: date, period: str
) -> list[PeriodFigures]:
    """Periods (month or quarter) of ``start``..``end`` with open or won deals."""
    result = await forecast(
        pipeline_id=pipeline_id, scope=scope, start=start, end=end, period=period
    )
    rows: dict[tuple[date, str], PeriodFigures] = {}

    def row(day: date, currency: str) -> PeriodFigures:
        key = (_quarter(day) if period == QUARTER else day, currency)
        if key not in rows:
            rows[key] = PeriodFigures(*key)
        return rows[key]

    # The forecast groups open deals by month of expected close (a quarter adds its months).
    for bucket in result.by_month:
        if bucket.key is None:
            continue
        figures = row(bucket.key, bucket.currency)
        figures.open_count += bucket.count
        figures.pipeline += bucket.amount
        figures.forecast += bucket.weighted
    for bucket in result.won:
        figures = row(bucket.key, bucket.currency)
        figures.won_count += bucket.count
        figures.actual += bucket.amount
    return [rows[k] for k in sorted(rows)]
