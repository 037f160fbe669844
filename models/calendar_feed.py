"""Private calendar feeds: a secret URL per user that calendar apps poll for the user's tasks
and activities (server/calendar_feed.py renders it).

The URL is the credential, so it is treated like an API key: only its hash is stored, it is
shown once, and it is revocable. A user has at most one live feed: issuing a new URL revokes the
old one, which is how a leaked link is replaced. No GraphQL here.
"""

from __future__ import annotations

from datetime import datetime

from tortoise import fields
from tortoise.models import Model

from models import clock
from models.audit import write_audit
from models.unit_of_work import unit_of_work
from models.user import User


class CalendarFeed(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    user_id: int

    class Meta:
        table = "calendar_feed"
        app = "tandem"
        indexes = (("user_id", "revoked_at"),)


async def live_feed(user_id: int) -> CalendarFeed | None:
    return await CalendarFeed.filter(user_id=user_id, revoked_at__isnull=True).first()


async def issue_feed(user_id: int, token_hash: str) -> CalendarFeed:
    """A new feed for ``user_id``, revoking the live one in the same unit of work."""
    now = clock.now()
    async with unit_of_work():
        await _revoke_live(user_id, user_id, now)
        feed = await CalendarFeed.create(user_id=user_id, token_hash=token_hash, created_at=now)
        # The URL and its hash never reach the log: only that a feed was issued.
        await write_audit(user_id, "calendarFeed.create", "user", user_id, None, {"feed": feed.pk})
    return feed


async def revoke_feed(user_id: int) -> bool:
    """Revoke the user's live feed; False when there was none."""
    async with unit_of_work():
        return await _revoke_live(user_id, user_id, clock.now())


async def _revoke_live(actor_id: int, user_id: int, now: datetime) -> bool:
    # The user's row is the lock: two concurrent issues for one user leave one live feed.
    await User.select_for_update().filter(id=user_id).values_list("id", flat=True)
    live = await CalendarFeed.filter(user_id=user_id, revoked_at__isnull=True)
    for feed in live:
        feed.revoked_at = now
        await feed.save(update_fields=["revoked_at"])
        await write_audit(actor_id, "calendarFeed.revoke", "user", user_id, {"feed": feed.pk}, None)
    return bool(live)


async def feed_by_token(token_hash: str) -> CalendarFeed | None:
    """The live feed with this token hash; a revoked one is as good as unknown."""
    return await CalendarFeed.get_or_none(token_hash=token_hash, revoked_at__isnull=True)


async def mark_used(feed: CalendarFeed) -> None:
    feed.last_used_at = clock.now()
    await feed.save(update_fields=["last_used_at"])
