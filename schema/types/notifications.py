"""Notifications as their recipient sees them (nobody else ever does: models/access/gate.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from models.access.catalogue import CATALOGUE
from models.notification import Notification as NotificationModel
from models.user import User as UserModel
from resolvers import records
from resolvers.api.kinds import NotificationKind
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.node import Node

if TYPE_CHECKING:
    from schema.types.accounts import User

UserRef = Annotated["User", strawberry.lazy("schema.types.accounts")]
Ctx = Info[RequestContext, None]


@record_type(
    "notification",
    NotificationModel,
    relations=("cursor",),
    description="A message to you about a record; only you ever see your notifications",
)
class Notification(Node):
    created_at: datetime

    @strawberry.field(
        description="On a notificationAdded delivery: pass back as `after` to resume without "
        "gaps; null elsewhere"
    )
    def cursor(self, root: strawberry.Parent[NotificationModel]) -> str | None:
        return getattr(root, "cursor", None)

    @strawberry.field
    def kind(self, root: strawberry.Parent[NotificationModel]) -> NotificationKind | None:
        return NotificationKind(root.kind)

    @strawberry.field(description="Who caused it; null for the system (reminders)")
    async def actor(self, root: strawberry.Parent[NotificationModel], info: Ctx) -> UserRef | None:
        return await records.related(info, "user", UserModel, root.actor_id)

    @strawberry.field(
        description="The record it is about, as you may see it now (NOT_FOUND if no longer)"
    )
    async def subject(self, root: strawberry.Parent[NotificationModel], info: Ctx) -> Node | None:
        if root.subject_type is None or root.subject_id is None:
            return None
        kind = records.kind_of(CATALOGUE[root.subject_type].type_name)
        if kind is None:
            return None
        return await records.related(info, kind.obj, kind.model, root.subject_id)


records.register("Notification", "notification", NotificationModel)
