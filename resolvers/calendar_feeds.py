"""The caller's private calendar feed: issue (shown once), revoke, and its status.

A feed belongs to a person: an API key may not issue one (it would give a key's holder a
second, unrevocable-by-key credential) and neither sees nor revokes the user's feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from strawberry.types import Info

from auth.tokens import digest, new_secret
from models import calendar_feed
from models.access.principal import Principal
from models.errors import Forbidden
from resolvers.context import RequestContext

PATH = "/calendar/{token}.ics"
SECRET_PREFIX = "tcf_"


@dataclass(frozen=True, slots=True)
class CalendarFeedStatus:
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True)
class CalendarFeedIssued:
    url: str
    feed: CalendarFeedStatus


def _person(info: Info[RequestContext, None]) -> Principal:
    principal = info.context.require_principal()
    if principal.api_key_id is not None:
        raise Forbidden("Calendar feeds belong to people; API keys cannot manage them")
    return principal


def _status(feed: calendar_feed.CalendarFeed) -> CalendarFeedStatus:
    return CalendarFeedStatus(created_at=feed.created_at, last_used_at=feed.last_used_at)


async def calendar_feed_status(info: Info[RequestContext, None]) -> CalendarFeedStatus | None:
    feed = await calendar_feed.live_feed(_person(info).user_id)
    return None if feed is None else _status(feed)


async def calendar_feed_create(info: Info[RequestContext, None]) -> CalendarFeedIssued:
    principal = _person(info)
    secret = new_secret(SECRET_PREFIX)
    feed = await calendar_feed.issue_feed(principal.user_id, digest(secret))
    base = info.context.services.settings.public_url
    return CalendarFeedIssued(url=base + PATH.format(token=secret), feed=_status(feed))


async def calendar_feed_revoke(info: Info[RequestContext, None]) -> bool:
    return await calendar_feed.revoke_feed(_person(info).user_id)
