"""What customerReport returns: the model's figures with amounts as Money, or null when the
viewer may not read deal amounts (schema/types/customer_reports.py types them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from models.contact import Contact
from models.reports.customers import Customer
from models.reports.forecast_actual import PeriodFigures
from resolvers.api.kinds import ForecastPeriod
from resolvers.api.money import Money
from resolvers.api.report_kinds import CustomerRanking, RfmSegment


@dataclass(frozen=True, slots=True)
class RfmSegmentCount:
    segment: RfmSegment
    count: int


@dataclass(frozen=True, slots=True)
class TopCustomer:
    contact: Contact
    won_count: int
    revenue: Money | None
    unconverted: int
    last_touch_at: datetime | None
    recency_days: int
    recency_score: int
    frequency_score: int
    monetary_score: int | None
    segment: RfmSegment


@dataclass(frozen=True, slots=True)
class ForecastActual:
    period: date
    currency: str
    open_count: int
    pipeline: Money
    forecast: Money
    won_count: int
    actual: Money


@dataclass(frozen=True, slots=True)
class CustomerReportResult:
    base_currency: str
    customers: int
    segments: list[RfmSegmentCount]
    top_by: CustomerRanking
    top_customers: list[TopCustomer]
    period: ForecastPeriod
    forecast_vs_actual: list[ForecastActual] | None
    # Not in the API (revenue is null there): a download drops the amount columns.
    amounts_visible: bool = True


def _top(c: Customer, base: str, amounts: bool) -> TopCustomer:
    revenue = Money(amount=(Decimal(c.cents) / 100).quantize(Decimal("0.01")), currency=base)
    return TopCustomer(
        contact=c.contact,
        won_count=c.won,
        revenue=revenue if amounts else None,
        unconverted=c.unconverted,
        last_touch_at=c.last_touch,
        recency_days=c.days,
        recency_score=c.recency,
        frequency_score=c.frequency,
        monetary_score=c.monetary if amounts else None,
        segment=RfmSegment(c.segment),
    )


def _period(p: PeriodFigures) -> ForecastActual:
    return ForecastActual(
        period=p.period,
        currency=p.currency,
        open_count=p.open_count,
        pipeline=Money(amount=p.pipeline, currency=p.currency),
        forecast=Money(amount=p.forecast, currency=p.currency),
        won_count=p.won_count,
        actual=Money(amount=p.actual, currency=p.currency),
    )


def customer_result(
    base: str,
    amounts: bool,
    counts: dict[str, int],
    ranking: CustomerRanking,
    ranked: list[Customer],
    forecast: list[PeriodFigures] | None,
    period: ForecastPeriod,
) -> CustomerReportResult:
    return CustomerReportResult(
        base_currency=base,
        customers=sum(counts.values()),
        segments=[RfmSegmentCount(RfmSegment(name), n) for name, n in counts.items()],
        top_by=ranking,
        top_customers=[_top(c, base, amounts) for c in ranked],
        period=period,
        forecast_vs_actual=[_period(p) for p in forecast] if forecast is not None else None,
        amounts_visible=amounts,
    )
