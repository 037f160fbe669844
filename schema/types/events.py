"""Record events as subscribers receive them: redacted for the subscriber's role and scope."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from models.user import User as UserModel
from resolvers.context import RequestContext
from schema.types.node import Node

if TYPE_CHECKING:
    from schema.types.accounts import User


@strawberry.enum
class EventKind(Enum):
    CREATED = "created"
    UPDATED = "updated"
    MOVED = "moved"
    DELETED = "deleted"
    LEFT_VIEW = strawberry.enum_value(
        "left_view",
        description="The record still exists but you may no longer see it (reassigned, moved "
        "to another department): drop it from your view. `record` is null.",
    )


@strawberry.enum(description="The kinds of record the API knows")
class ObjectKind(Enum):
    COMPANY = "company"
    CONTACT = "contact"
    DEAL = "deal"
    PIPELINE = "pipeline"
    ACTIVITY = "activity"
    TASK = "task"
    PRODUCT = "product"
    COMMENT = "comment"
    LEAD = "lead"


@strawberry.type
class RecordEvent:
    cursor: str = strawberry.field(
        description="Pass back as `after` to resume without gaps or duplicates"
    )
    kind: EventKind
    object: ObjectKind
    record_id: strawberry.ID
    changed_fields: list[str] = strawberry.field(
        description="Changed fields the subscriber may read"
    )
    occurred_at: datetime
    _actor_id: strawberry.Private[int | None]
    _record: strawberry.Private[Any]
    # Where executions of this event for the subscriber's role are shared (or None).
    _shared: strawberry.Private[Any] = None

    @strawberry.field(description="Who made the change, if the subscriber may see them")
    async def actor(
        self, info: Info[RequestContext, None]
    ) -> Annotated[User, strawberry.lazy("schema.types.accounts")] | None:
        if self._actor_id is None:
            return None
        row = await info.context.loaders.of(UserModel).load(self._actor_id)
        return row if info.context.access("user").visible(row) else None

    @strawberry.field(description="The record as the subscriber may see it; null when deleted")
    def record(self) -> Node | None:
        return self._record
