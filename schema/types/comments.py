"""Comments as each role may see them. A comment is seen only by whoever may also see the
record discussed: node(id) checks both (resolvers/records.py), comments(targetId:) and
commentEvents check the record first."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from models.comment import Comment as CommentModel
from resolvers import records
from resolvers.comments import TARGET_TYPES
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.customers import department, owner
from schema.types.node import Node, to_global_id

Ctx = Info[RequestContext, None]


@record_type("comment", CommentModel)
class Comment(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner, description="The author")
    department = strawberry.field(department)

    @strawberry.field(description="The comment this one answers")
    def parent(self, root: strawberry.Parent[CommentModel]) -> strawberry.ID | None:
        if root.parent_id is None:
            return None
        return to_global_id("Comment", root.parent_id)

    @strawberry.field(description="The record discussed")
    async def target(self, root: strawberry.Parent[CommentModel], info: Ctx) -> Node | None:
        kind = records.kind_of(TARGET_TYPES[root.target_type])
        assert kind is not None
        return await records.related(info, kind.obj, kind.model, root.target_id)


records.register("Comment", "comment", CommentModel)
