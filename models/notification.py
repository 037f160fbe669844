"""Notifications: a message to one user (its recipient) about a record, read or unread.

Personal: only the recipient ever sees a row (models/access/catalogue.py NOTIFICATION,
recipient_column).
Rows are written by ``models.notifications.notify`` only, never by a client, and are not
versioned records: the one change a client makes is marking them read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.user import User

# What a notification says happened; the API's NotificationKind enum has the same values.
MENTION = "mention"
TASK_REMINDER = "task_reminder"
TASK_OVERDUE = "task_overdue"
TASK_ASSIGNED = "task_assigned"
AUTOMATION = "automation"
INVOICE_OVERDUE = "invoice_overdue"
# One of the reader's webhooks kept failing and was disabled (models/webhook_deliveries.py).
WEBHOOK_DISABLED = "webhook_disabled"
KINDS = (
    MENTION,
    TASK_REMINDER,
    TASK_OVERDUE,
    TASK_ASSIGNED,
    AUTOMATION,
    INVOICE_OVERDUE,
    WEBHOOK_DISABLED,
)
TEXT_MAX = 500


class Notification(Model):
    id = fields.BigIntField(primary_key=True)
    recipient: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=20)
    # The record it is about: its permission object name and primary key (null when none).
    subject_type = fields.CharField(max_length=20, null=True)
    subject_id = fields.BigIntField(null=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    text = fields.CharField(max_length=TEXT_MAX)
    # From the injected clock (models/clock.py), not the database's, so tests can move time.
    created_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)
    recipient_id: int
    actor_id: int | None

    class Meta:
        table = "notification"
        app = "tandem"
        indexes = (("recipient_id", "created_at"), ("recipient_id", "read_at"))
