"""Presence as clients see it: who views or edits a record right now."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from models.user import User as UserModel
from resolvers.api.kinds import PresenceState
from resolvers.context import RequestContext

if TYPE_CHECKING:
    from schema.types.accounts import User


@strawberry.type
class PresenceEntry:
    state: PresenceState
    expires_at: datetime = strawberry.field(description="Gone unless another heartbeat comes")
    user_id: strawberry.Private[int]

    @strawberry.field
    async def user(
        self, info: Info[RequestContext, None]
    ) -> Annotated[User, strawberry.lazy("schema.types.accounts")] | None:
        row = await info.context.loaders.of(UserModel).load(self.user_id)
        return row if info.context.access("user").visible(row) else None


@strawberry.type
class PresenceUpdate:
    resource_id: strawberry.ID
    present: list[PresenceEntry]
