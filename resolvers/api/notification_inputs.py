"""The filter of a user's notifications."""

from __future__ import annotations

import strawberry

from resolvers.api.kinds import NotificationKind


@strawberry.input
class NotificationFilter:
    unread: bool | None = strawberry.field(
        default=None, description="true: only unread ones; false: only read ones"
    )
    kind: NotificationKind | None = None
