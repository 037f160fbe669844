"""Inputs for tasks. Unset attributes are left alone; an explicit null clears a value."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import UNSET


@strawberry.input
class TaskCreateInput:
    title: str
    description: str | None = UNSET
    due_at: datetime | None = UNSET
    remind_at: datetime | None = strawberry.field(default=UNSET, description="Not after dueAt")
    priority: str | None = strawberry.field(default=UNSET, description="low normal high urgent")
    status: str | None = strawberry.field(
        default=UNSET, description="open in_progress done cancelled"
    )
    assignee_id: strawberry.ID | None = UNSET
    labels: list[str] | None = UNSET
    linked_record_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="A deal, contact or company the caller may see"
    )
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET


@strawberry.input
class TaskUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    title: str | None = UNSET
    description: str | None = UNSET
    due_at: datetime | None = UNSET
    remind_at: datetime | None = UNSET
    priority: str | None = UNSET
    status: str | None = UNSET
    assignee_id: strawberry.ID | None = UNSET
    labels: list[str] | None = UNSET
    linked_record_id: strawberry.ID | None = UNSET
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET


@strawberry.input
class TaskCompleteInput:
    id: strawberry.ID
    expected_version: int | None = None
