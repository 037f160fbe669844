"""Tasks: create, change, complete, delete, list. The assignee shares the "own" scope.

Giving a task to someone else (at creation or by changing the assignee) notifies them
(TASK_ASSIGNED), in the task change's unit of work (models/task_actions.py). Reminders and
overdue notices are sent by the scheduler (models/task_notices.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.unset import UNSET

from models import task_actions
from models.automation_triggers import after_task_write
from models.errors import BadInput
from models.global_ids import from_global_id, parse_global_id
from models.records import DECLARED
from models.task import TARGETS
from models.task import Task as TaskModel
from resolvers import list_specs, lists, record_writes, records
from resolvers.api.filters import TaskFilter, TaskOrder
from resolvers.api.task_inputs import TaskCompleteInput, TaskCreateInput, TaskUpdateInput
from resolvers.compiled import reads as compiled_reads
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext
from resolvers.pages import Page

Ctx = Info[RequestContext, None]


def _row_rules(row: Any) -> None:
    if row.remind_at is not None and row.due_at is not None and row.remind_at > row.due_at:
        raise BadInput("A reminder cannot come after the due time", field="remindAt")


TASK_WRITES = record_writes.declared(
    DECLARED["task"],
    topics=lambda row: [f"assignee:{row.assignee_id}"] if row.assignee_id else [],
    row_rules=_row_rules,
    after=after_task_write,
)


async def _linked(info: Ctx, input: Any) -> dict[str, Any]:
    """target_type/target_id for the input's linked record: a deal, contact or company the
    caller may see; anything else is BAD_USER_INPUT, as if it did not exist."""
    value = getattr(input, "linked_record_id", UNSET)
    if value is UNSET:
        return {}
    access = info.context.access
    access("task").check_write(["linkedRecord"])
    if value is None:
        return {"target_type": None, "target_id": None}
    parsed = parse_global_id(value)
    kind = records.kind_of(parsed[0]) if parsed else None
    if parsed is None or kind is None or kind.obj not in TARGETS:
        raise BadInput("Link a deal, contact or company", field="linkedRecordId")
    row = await info.context.loaders.of(kind.model).load(parsed[1])
    if not access(kind.obj).visible(row):
        raise BadInput("No such record", field="linkedRecordId")
    return {"target_type": kind.obj, "target_id": parsed[1]}


async def tasks(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: TaskFilter | None = None,
    order_by: list[TaskOrder] | None = None,
) -> Page[TaskModel] | Compiled:
    return await compiled_reads.page(
        info,
        list_specs.TASKS,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def task_create(info: Ctx, input: TaskCreateInput) -> TaskModel:
    extra = await _linked(info, input)
    extra["creator_id"] = info.context.require_principal().user_id
    row = await task_actions.create_task(
        lambda: record_writes.create(info, TASK_WRITES, input, derived=extra),
        info.context.require_principal().user_id,
    )
    return row


async def task_update(info: Ctx, input: TaskUpdateInput) -> TaskModel:
    extra = await _linked(info, input)
    if getattr(input, "assignee_id", UNSET) is UNSET:
        return await record_writes.update(info, TASK_WRITES, input, extra)
    pk = from_global_id(input.id, "Task")
    row = await task_actions.reassign_task(
        pk,
        lambda: record_writes.update(info, TASK_WRITES, input, extra),
        info.context.require_principal().user_id,
    )
    return row


@dataclass(frozen=True, slots=True)
class _Done:
    id: strawberry.ID
    expected_version: int | None
    status: str


async def task_complete(info: Ctx, input: TaskCompleteInput) -> TaskModel:
    """Status done (and completedAt now): a write of ``status``."""
    done = _Done(id=input.id, expected_version=input.expected_version, status="done")
    return await record_writes.update(info, TASK_WRITES, done)


async def task_delete(info: Ctx, id: strawberry.ID) -> bool:
    return await record_writes.delete(info, TASK_WRITES, id)
