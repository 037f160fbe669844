"""Notifications: the viewer's own list, unread count, marking read, and ``notificationAdded``.

Only the recipient ever sees a notification: the gate's scope for the "notification" object is
the recipient column, whatever a role says (models/access/gate.py), so another user's notification
is
NOT_FOUND on every path (node, nodes, notificationsMarkRead) and absent from lists and counts.
Notifications are written by ``models.notifications.notify`` only.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from models import clock
from models.errors import BadInput
from models.events import Envelope
from models.global_ids import from_global_id
from models.i18n import msg
from models.notification import Notification as NotificationModel
from models.notifications import mark_read
from models.tortoise_adapter import from_values
from realtime.errors import SubscriberTooSlow
from realtime.fanout import view_for
from resolvers import lists
from resolvers.api.kinds import NotificationKind
from resolvers.api.notification_inputs import NotificationFilter
from resolvers.api.sorting import SortDirection
from resolvers.context import RequestContext
from resolvers.lists import FilterKey, ListSpec, SortKey
from resolvers.pages import Page
from resolvers.subscriptions import (
    ACCESS_OBJECTS,
    _close_too_slow,
    _cursor,
    _envelopes,
    refresh_access,
)

Ctx = Info[RequestContext, None]
MAX_IDS = 500

NOTIFICATIONS = ListSpec(
    obj="notification",
    model=NotificationModel,
    filters={
        "unread": FilterKey("readAt", "read_at__isnull"),
        "kind": FilterKey("kind", "kind", lambda kind: NotificationKind(kind).value),
    },
    sorts={"createdAt": SortKey(None, "created_at")},
    default_sort=(("createdAt", SortDirection.DESC),),
)


async def notifications(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: NotificationFilter | None = None,
) -> Page[NotificationModel]:
    return await lists.page(
        NOTIFICATIONS,
        info.context.access(NOTIFICATIONS.obj),
        lists.PageArgs(first, after, last, before),
        filter=filter,
    )


async def notifications_mark_read(info: Ctx, ids: list[strawberry.ID]) -> list[NotificationModel]:
    """All or nothing: an id that is not one of the caller's notifications is NOT_FOUND and
    nothing is marked. Already read ones keep their first readAt."""
    access = info.context.access("notification")
    access.require("update")
    access.check_write(["readAt"])
    if len(ids) > MAX_IDS:
        raise BadInput(msg("At most {max_ids} ids at once", max_ids=MAX_IDS), field="ids")
    pks = list(dict.fromkeys(from_global_id(i, "Notification", field="ids") for i in ids))
    found, now = await mark_read(access.rows(NotificationModel), pks)
    by_id = {row.id: row for row in found}
    for row in found:
        row.read_at = row.read_at or now
    return [by_id[pk] for pk in pks]


async def notifications_mark_all_read(info: Ctx) -> int:
    """Mark every unread notification of the caller read; returns how many were unread."""
    access = info.context.access("notification")
    access.require("update")
    access.check_write(["readAt"])
    unread = access.rows(NotificationModel, Q(read_at__isnull=True))
    return await unread.update(read_at=clock.now())


def notification_of(envelope: Envelope) -> NotificationModel:
    """The notification as its outbox event carries it (no query per delivery)."""
    return from_values(NotificationModel, envelope.values)


async def notification_added(
    info: Ctx, after: str | None = None
) -> AsyncGenerator[NotificationModel, None]:
    """Your new notifications, live; nobody else's. Relayed through the outbox like every
    event, so it reaches you on whichever server process your socket is; ``after`` (a
    delivered notification's ``cursor``) first replays those added since, without gaps."""
    ctx = info.context
    ctx.access("notification").require("read")
    me = ctx.require_principal().user_id

    def accepts(envelope: Envelope) -> bool:
        return envelope.object == "notification" and envelope.values.get("recipient_id") == me

    try:
        async for envelope in _envelopes(ctx, accepts, _cursor(after)):
            if envelope.object in ACCESS_OBJECTS:
                await refresh_access(ctx, envelope)
                if not accepts(envelope):
                    continue
            if view_for(ctx.access(envelope.object), envelope) is None:
                continue
            ctx.fresh_loaders()
            row = notification_of(envelope)
            row.cursor = str(envelope.seq)
            yield row
    except SubscriberTooSlow as slow:
        await _close_too_slow(ctx, str(slow))
        raise
