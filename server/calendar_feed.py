"""``GET /calendar/{token}.ics``: a user's private calendar feed (tasks and activities).

Calendar apps cannot send an Authorization header, so the secret URL is the credential
(models/calendar_feed.py keeps its hash; ``calendarFeedCreate`` shows it once). Every failure is
the same bare 404: an unknown, revoked or guessed token, and a deactivated user, look alike, so
the route tells a prober nothing. The feed is read as the user's principal now, so a role change
or a field hidden since the URL was issued applies at the next poll.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from auth.tokens import digest
from models import calendar_feed, clock
from models.access.principals import principal_for_user
from models.calendar_items import CalendarItem, items_for
from models.errors import Unauthenticated

MEDIA_TYPE = "text/calendar; charset=utf-8"
# Calendar apps poll every few minutes to hours; the feed's last use is written at most this often.
TOUCH_INTERVAL = timedelta(minutes=15)
PRODUCT_ID = "-//Tandem CRM//Calendar feed//EN"
# iCalendar needs a duration; a task is a point in time, shown as a short block.
TASK_DURATION = timedelta(minutes=15)


class CalendarFeedEndpoint:
    def __init__(self, host: str) -> None:
        # The domain part of every UID: stable per installation, so apps update, not duplicate.
        self.host = host

    async def handle(self, request: Request) -> Response:
        feed = await calendar_feed.feed_by_token(digest(request.path_params["token"]))
        if feed is None:
            return _not_found()
        try:
            principal = await principal_for_user(feed.user_id, None)
        except Unauthenticated:
            return _not_found()
        now = clock.now()
        if feed.last_used_at is None or now - feed.last_used_at > TOUCH_INTERVAL:
            await calendar_feed.mark_used(feed)
        calendar = Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", "Tandem")
        async for item in items_for(principal):
            calendar.add_component(self._event(item, now))
        headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
        return Response(calendar.to_ical(), media_type=MEDIA_TYPE, headers=headers)

    def _event(self, item: CalendarItem, now: datetime) -> Event:
        event = Event()
        event.add("uid", f"{item.uid}@{self.host}")
        event.add("dtstamp", now)
        event.add("dtstart", item.starts_at)
        event.add("duration", item.duration or TASK_DURATION)
        event.add("summary", item.summary)
        event.add("last-modified", item.updated_at)
        event.add("sequence", item.sequence)
        event.add("categories", [item.kind])
        if item.description:
            event.add("description", item.description)
        if item.remind_at is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.summary)
            alarm.add("trigger", item.remind_at)
            event.add_component(alarm)
        return event


def _not_found() -> Response:
    return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
