"""Giving a task to someone: the task's write and the TASK_ASSIGNED notice to its assignee are
one change (one unit of work); nobody is told about their own doing.

The caller writes the task row itself (``write``: the record write with its gate checks,
resolvers/record_writes.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from models.i18n import N_
from models.notification import TASK_ASSIGNED
from models.notifications import notify
from models.task import Task
from models.unit_of_work import unit_of_work

Write = Callable[[], Awaitable[Task]]


async def _notify_assignee(row: Task, actor_id: int) -> None:
    if row.assignee_id is not None:
        await notify(
            row.assignee_id,
            TASK_ASSIGNED,
            subject=row,
            actor=actor_id,
            text=N_("You were assigned a task"),
        )


async def create_task(write: Write, actor_id: int) -> Task:
    async with unit_of_work():
        row = await write()
        await _notify_assignee(row, actor_id)
    return row


async def reassign_task(pk: int, write: Write, actor_id: int) -> Task:
    """An update that sets the assignee: the new one is told, if it changed."""
    async with unit_of_work():
        # Locked: of two concurrent reassignments each notifies the assignee it sets.
        before = await Task.select_for_update().get_or_none(pk=pk)
        row = await write()
        if before is not None and row.assignee_id != before.assignee_id:
            await _notify_assignee(row, actor_id)
    return row
