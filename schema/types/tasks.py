"""Tasks as each role may see them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from models.task import Task as TaskModel
from models.user import User as UserModel
from resolvers import records
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.customers import department, owner
from schema.types.node import Node

if TYPE_CHECKING:
    from schema.types.accounts import User

UserRef = Annotated["User", strawberry.lazy("schema.types.accounts")]
Ctx = Info[RequestContext, None]
# Permission object -> API type name of a linked record.
TARGET_TYPES = {"deal": "Deal", "contact": "Contact", "company": "Company"}


@record_type("task", TaskModel)
class Task(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner)
    department = strawberry.field(department)

    @strawberry.field
    @records.plain_relation("user", UserModel, "assignee_id")
    def assignee(self, root: strawberry.Parent[TaskModel], info: Ctx) -> UserRef | None:
        return records.related_now(info, "user", UserModel, root.assignee_id)

    @strawberry.field(description="Who created the task")
    @records.plain_relation("user", UserModel, "creator_id")
    def creator(self, root: strawberry.Parent[TaskModel], info: Ctx) -> UserRef | None:
        return records.related_now(info, "user", UserModel, root.creator_id)

    @strawberry.field(description="The deal, contact or company the task is about")
    async def linked_record(self, root: strawberry.Parent[TaskModel], info: Ctx) -> Node | None:
        if root.target_type is None or root.target_id is None:
            return None
        kind = records.kind_of(TARGET_TYPES[root.target_type])
        assert kind is not None
        return await records.related(info, kind.obj, kind.model, root.target_id)


records.register("Task", "task", TaskModel)
