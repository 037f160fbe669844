"""What a user's calendar feed holds: their tasks with a due time and their activities, in a
window around now, each with only the fields their role may read. No iCalendar here.

Tasks are the user's own as the task scope defines them (assigned to them, or theirs and
unassigned); activities are those they own (they logged or scheduled them). Everything passes
through ``RecordAccess.rows``, so a role that may not read tasks gets no tasks, and row scope is
the same as in the API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models import clock
from models.access.principal import Principal
from models.access.records import RecordAccess
from models.activity import Activity
from models.task import CLOSED, Task

# A calendar shows the recent past and the coming year; older items are history, not plans.
PAST = timedelta(days=60)
FUTURE = timedelta(days=366)
# A bound on one feed's size whatever the data: calendar apps poll the whole file each time.
MAX_ITEMS = 2000
BATCH = 500


@dataclass(frozen=True, slots=True)
class CalendarItem:
    uid: str
    kind: str  # "task" or "activity"
    starts_at: datetime
    duration: timedelta
    summary: str
    description: str | None
    updated_at: datetime
    sequence: int
    remind_at: datetime | None = None


async def items_for(principal: Principal) -> AsyncIterator[CalendarItem]:
    """The user's items in the window, tasks then activities, each ordered by time."""
    now = clock.now()
    since, until = now - PAST, now + FUTURE
    tasks = RecordAccess.of_principal(principal, "task")
    if tasks.can("read") and tasks.can_read("dueAt"):
        mine = Q(assignee_id=principal.user_id) | Q(
            assignee_id__isnull=True, owner_id=principal.user_id
        )
        where = mine & Q(due_at__gte=since, due_at__lt=until)
        if tasks.can_read("status"):
            # Done and cancelled tasks leave the calendar; a role blind to status sees them all
            # rather than learn the status from what is missing.
            where &= ~Q(status__in=CLOSED)
        async for task in _batches(tasks.rows(Task, where), "due_at"):
            yield _task_item(tasks, task)
    activities = RecordAccess.of_principal(principal, "activity")
    if activities.can("read") and activities.can_read("occurredAt"):
        where = Q(owner_id=principal.user_id, occurred_at__gte=since, occurred_at__lt=until)
        async for activity in _batches(activities.rows(Activity, where), "occurred_at"):
            yield _activity_item(activities, activity)


async def _batches(query: QuerySet[Any], column: str) -> AsyncIterator[Any]:
    # Keyset pages on (time, id): memory stays at one batch, and MAX_ITEMS bounds the feed.
    last: tuple[datetime, int] | None = None
    sent = 0
    while sent < MAX_ITEMS:
        page = query
        if last is not None:
            at, pk = last
            after: dict[str, Any] = {f"{column}__gt": at}
            same: dict[str, Any] = {column: at, "id__gt": pk}
            page = page.filter(Q(**after) | Q(**same))
        rows = await page.order_by(column, "id").limit(min(BATCH, MAX_ITEMS - sent))
        for row in rows:
            yield row
        sent += len(rows)
        if len(rows) < BATCH:
            return
        last = (getattr(rows[-1], column), rows[-1].id)


def _text(access: RecordAccess, field: str, value: str | None) -> str | None:
    return value if value and access.can_read(field) else None


def _task_item(access: RecordAccess, task: Task) -> CalendarItem:
    assert task.due_at is not None
    return CalendarItem(
        uid=f"task-{task.id}",
        kind="task",
        starts_at=task.due_at,
        duration=timedelta(0),
        summary=_text(access, "title", task.title) or "Task",
        description=_text(access, "description", task.description),
        updated_at=task.updated_at,
        sequence=task.version,
        remind_at=task.remind_at if access.can_read("remindAt") else None,
    )


def _activity_item(access: RecordAccess, activity: Activity) -> CalendarItem:
    kind = activity.kind if access.can_read("kind") else "activity"
    seconds = activity.duration_seconds if access.can_read("duration") else None
    return CalendarItem(
        uid=f"activity-{activity.id}",
        kind="activity",
        starts_at=activity.occurred_at,
        duration=timedelta(seconds=seconds or 0),
        summary=_text(access, "subject", activity.subject) or kind.capitalize(),
        description=_text(access, "body", activity.body),
        updated_at=activity.updated_at,
        sequence=activity.version,
    )
