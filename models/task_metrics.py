"""Overdue tasks for the dashboard: open tasks past their due time, in the viewer's scope."""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.task import CLOSED, Task


def _open(scope: Q | None) -> QuerySet[Task]:
    query = Task.filter(deleted_at__isnull=True).exclude(status__in=CLOSED)
    return query.filter(scope) if scope is not None else query


async def overdue_count(scope: Q | None, now: datetime) -> int:
    return await _open(scope).filter(due_at__lt=now).count()


async def next_due(scope: Q | None, now: datetime) -> datetime | None:
    """When the next open task in scope falls due: the dashboard looks again then."""
    row = await _open(scope).filter(due_at__gte=now).order_by("due_at").first()
    return row.due_at if row is not None else None
