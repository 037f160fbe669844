"""Record events as subscribers receive them: redacted for the subscriber's role and scope.

The subscriptions yield plain events (resolvers/record_event.py ``LiveEvent``: the same
attributes); this type says how the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from models.user import User as UserModel
from resolvers.api.kinds import EventKind, ObjectKind
from resolvers.context import RequestContext
from resolvers.record_event import LiveEvent
from schema.types.node import Node

if TYPE_CHECKING:
    from schema.types.accounts import User


@strawberry.type
class RecordEvent:
    cursor: str = strawberry.field(
        description="Pass back as `after` to resume without gaps or duplicates"
    )
    kind: EventKind
    object: ObjectKind | None = strawberry.field(description="Null only on `CAUGHT_UP`")
    record_id: strawberry.ID | None = strawberry.field(description="Null only on `CAUGHT_UP`")
    changed_fields: list[str] = strawberry.field(
        description="Changed fields the subscriber may read"
    )
    occurred_at: datetime
    actor_id: strawberry.Private[int | None]

    @strawberry.field(description="Who made the change, if the subscriber may see them")
    async def actor(
        self, info: Info[RequestContext, None]
    ) -> Annotated[User, strawberry.lazy("schema.types.accounts")] | None:
        if self.actor_id is None:
            return None
        row = await info.context.loaders.of(UserModel).load(self.actor_id)
        return row if info.context.access("user").visible(row) else None

    @strawberry.field(
        description="The record as the subscriber may see it; null when deleted, left or caught up"
    )
    def record(self, root: strawberry.Parent[LiveEvent]) -> Node | None:
        return root.record
