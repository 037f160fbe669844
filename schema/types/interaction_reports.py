"""The interaction report as the viewer's role sees it (resolvers/interaction_report.py returns
plain objects with these attribute names)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.types.customers import Contact


@strawberry.type(description="Activities of one hour of day (local time)")
class HourCount:
    hour: int = strawberry.field(description="0-23 in the report's time zone")
    count: int


@strawberry.type(description="Activities of one weekday (local time)")
class WeekdayCount:
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday .. 7 = Sunday")
    count: int


@strawberry.type(description="Activities of one kind or outcome")
class InteractionCount:
    key: str | None = strawberry.field(description="The kind or outcome; null: no outcome")
    count: int


@strawberry.type(description="A contact nobody has interacted with for the days asked")
class SilentCustomer:
    contact: Contact
    last_interaction_at: datetime | None = strawberry.field(
        description="The newest activity with the contact you may see before the end of the "
        "range; null: none"
    )


@strawberry.type(description="When and how customers are contacted, over what you may see")
class InteractionReportResult:
    time_zone: str = strawberry.field(description="The zone of the range's days and the hours")
    total: int = strawberry.field(description="Activities in the range")
    by_hour: list[HourCount] = strawberry.field(description="Hours without activities left out")
    by_weekday: list[WeekdayCount] = strawberry.field(
        description="Weekdays without activities left out"
    )
    by_kind: list[InteractionCount] = strawberry.field(description="Most frequent first")
    by_outcome: list[InteractionCount] | None = strawberry.field(
        description="The 50 most frequent outcomes; null when you may not read outcomes"
    )
    silent_total: int | None = strawberry.field(
        description="How many contacts are silent; null when silentDays is not given"
    )
    silent_customers: list[SilentCustomer] | None = strawberry.field(
        description="Never contacted first, then the longest silent; null when silentDays is "
        "not given"
    )
