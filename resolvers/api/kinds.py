"""Closed sets of names the API shares with the resolvers: kinds of record and event, of
notification, of presence, forecast periods."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum
class EventKind(Enum):
    CREATED = "created"
    UPDATED = "updated"
    MOVED = "moved"
    DELETED = "deleted"
    LEFT_VIEW = strawberry.enum_value(
        "left_view",
        description="The record still exists but you may no longer see it (reassigned, moved "
        "to another department): drop it from your view. `record` is null.",
    )


@strawberry.enum(description="The kinds of record the API knows")
class ObjectKind(Enum):
    COMPANY = "company"
    CONTACT = "contact"
    DEAL = "deal"
    PIPELINE = "pipeline"
    ACTIVITY = "activity"
    TASK = "task"
    PRODUCT = "product"
    COMMENT = "comment"
    LEAD = "lead"
    EXCHANGE_RATE = "exchangeRate"
    QUOTE = "quote"
    ORDER = "order"
    INVOICE = "invoice"
    PAYMENT = "payment"


@strawberry.enum(description="What a notification is about")
class NotificationKind(Enum):
    MENTION = "mention"
    TASK_REMINDER = "task_reminder"
    TASK_OVERDUE = "task_overdue"
    TASK_ASSIGNED = "task_assigned"
    AUTOMATION = "automation"
    WEBHOOK_DISABLED = "webhook_disabled"


@strawberry.enum
class PresenceState(Enum):
    VIEWING = "viewing"
    EDITING = "editing"
    LEFT = "left"


@strawberry.enum
class ForecastPeriod(Enum):
    MONTH = "month"
    QUARTER = "quarter"
