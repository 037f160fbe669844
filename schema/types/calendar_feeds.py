"""Types of the private calendar feed (resolvers/calendar_feeds.py)."""

from __future__ import annotations

from datetime import datetime

import strawberry


@strawberry.type(description="Your private calendar feed; its URL is shown only when issued")
class CalendarFeed:
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(
        description="When a calendar app last fetched it (to the quarter hour)"
    )


@strawberry.type
class CalendarFeedIssued:
    url: str = strawberry.field(
        description="The iCalendar URL to subscribe to: shown this once, stored only hashed"
    )
    feed: CalendarFeed
