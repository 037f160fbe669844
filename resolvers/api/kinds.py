"""Closed sets of names the API shares with the resolvers: kinds of record and event, of
notification, of presence, forecast and report periods, report groupings."""

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
    CAUGHT_UP = strawberry.enum_value(
        "caught_up",
        description="Sent once, when asked for with `markCaughtUp`: the replay of the events "
        "after `after` is over (at once without `after`) and every later event is live. Show "
        "what you held back while replaying; its `cursor` is where to resume. `object`, "
        "`recordId` and `record` are null.",
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
    INVOICE_OVERDUE = "invoice_overdue"
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


@strawberry.enum(description="The length of a report's periods (weeks start on Monday)")
class ReportPeriod(Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@strawberry.enum(
    description="A report that can be exported (GET /reports/{report}.{pdf|xlsx}) and followed "
    "live (reportUpdated)"
)
class ReportKind(Enum):
    SALES = "sales"
    FUNNEL = "funnel"
    REPS = "reps"
    INTERACTIONS = "interactions"
    CUSTOMERS = "customers"


@strawberry.enum(description="What a sales report groups won deals by, besides the period")
class SalesGroup(Enum):
    NONE = "none"
    OWNER = "owner"
    DEPARTMENT = "department"
    PIPELINE = "pipeline"
    COMPANY = "company"
    PRODUCT = strawberry.enum_value(
        "product",
        description="The products of the won deals' line items (their line totals); a deal "
        "without line items in the group of no product (null), with its amount",
    )
