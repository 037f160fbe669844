"""Tasks: planned work with a due time and a reminder, owned by their creator's side and
assigned to someone (the assignee sees the task in the "own" scope as well)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.base import OwnedRecord

if TYPE_CHECKING:
    from models.user import User

PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("open", "in_progress", "done", "cancelled")
CLOSED = ("done", "cancelled")
# Objects a task may be about (linked record).
TARGETS = ("deal", "contact", "company")


class Task(OwnedRecord):
    title = fields.CharField(max_length=255)
    description = fields.TextField(default="")
    due_at = fields.DatetimeField(null=True, db_index=True)
    remind_at = fields.DatetimeField(null=True, db_index=True)
    priority = fields.CharField(max_length=10, default="normal")
    status = fields.CharField(max_length=12, default="open")
    assignee: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    creator: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    labels: fields.Field[Any] = fields.JSONField(default=list)
    # The linked record: its permission object name and primary key (both null when none).
    target_type = fields.CharField(max_length=20, null=True)
    target_id = fields.BigIntField(null=True)
    completed_at = fields.DatetimeField(null=True)
    # The reminder time and due time the scheduler last notified about (models/task_notices.py):
    # a notice is due while these differ from remind_at / due_at, so moving either time
    # arms its notice again and re-saving the same time does not.
    reminder_sent_for = fields.DatetimeField(null=True)
    overdue_sent_for = fields.DatetimeField(null=True)
    assignee_id: int | None
    creator_id: int | None

    class Meta:
        table = "task"
        app = "tandem"
        indexes = (
            ("assignee_id", "status"),
            ("target_type", "target_id"),
            # The scheduler's scans: open tasks whose reminder or due time has come.
            ("status", "remind_at"),
            ("status", "due_at"),
        )
