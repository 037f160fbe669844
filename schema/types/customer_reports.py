"""The customer report as the viewer's role sees it (resolvers/customer_report_views.py
returns plain objects with these attribute names): amounts null when it may not read deal
amounts."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from resolvers.api.kinds import ForecastPeriod
from resolvers.api.money import Money
from resolvers.api.report_kinds import CustomerRanking, RfmSegment
from schema.types.customers import Contact


@strawberry.type(description="How many customers one RFM segment holds")
class RfmSegmentCount:
    segment: RfmSegment
    count: int


@strawberry.type(description="A customer with its RFM figures and scores (fixed bands)")
class TopCustomer:
    contact: Contact
    won_count: int = strawberry.field(description="Won deals in the range (frequency)")
    revenue: Money | None = strawberry.field(
        description="Their revenue in the base currency (monetary); null when you may not "
        "read deal amounts"
    )
    unconverted: int = strawberry.field(
        description="Won deals left out of revenue: no exchange rate on or before their day"
    )
    last_touch_at: datetime | None = strawberry.field(
        description="The newest of its last won deal and its last interaction you may see"
    )
    recency_days: int = strawberry.field(description="Days from lastTouchAt to the range's end")
    recency_score: int = strawberry.field(
        description="5: at most 30 days, 4: 90, 3: 180, 2: 365, 1: older"
    )
    frequency_score: int = strawberry.field(
        description="5: at least 10 won deals, 4: 5, 3: 3, 2: 2, 1: one"
    )
    monetary_score: int | None = strawberry.field(
        description="5: at least 100,000 in the base currency, 4: 25,000, 3: 10,000, 2: 2,500, "
        "1: less; null when you may not read deal amounts"
    )
    segment: RfmSegment


@strawberry.type(
    description="One period's forecast (open deals expected to close in it) "
    "against its actual (deals won in it), in one currency"
)
class ForecastActual:
    period: date = strawberry.field(description="First day of the month or quarter")
    currency: str
    open_count: int
    pipeline: Money = strawberry.field(description="Open deals' amounts")
    forecast: Money = strawberry.field(description="Open deals' amounts times probability")
    won_count: int
    actual: Money = strawberry.field(description="Won deals' amounts")


@strawberry.type(
    description="RFM segments, top customers and forecast against actual over "
    "the customers (contacts) and deals you see"
)
class CustomerReportResult:
    base_currency: str
    customers: int = strawberry.field(description="Contacts with a won deal in the range")
    segments: list[RfmSegmentCount] = strawberry.field(description="Every segment, in order")
    top_by: CustomerRanking
    top_customers: list[TopCustomer]
    period: ForecastPeriod
    forecast_vs_actual: list[ForecastActual] | None = strawberry.field(
        description="Per period and currency; null when you may not read every deal field "
        "the forecast is made of (amount, probability, status, stage, owner, expected close)"
    )
