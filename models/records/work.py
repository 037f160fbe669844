"""Activities (the history of calls, e-mails, meetings), tasks, comments and leads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models import clock
from models import values as cv
from models.activity import DIRECTIONS, KINDS, Activity
from models.comment import Comment
from models.errors import BadInput
from models.lead import STATUSES as LEAD_STATUSES
from models.lead import Lead
from models.records.customers import COMPANY_REF, CONTACT_REF
from models.records.declaration import USER, Extra, Field, RecordType, Ref
from models.records.sales import DEAL
from models.task import CLOSED, PRIORITIES, STATUSES, Task

DEAL_REF = Ref("Deal", "deal", DEAL.model, scoped=True)


def _duration(value: int) -> int:
    if value < 0:
        raise BadInput("A duration cannot be negative", field="duration")
    return value


ACTIVITY = RecordType(
    "activity",
    "Activity",
    Activity,
    (
        Field(
            "kind",
            "kind",
            required=True,
            choices=KINDS,
            filter="eq",
            sort=True,
            input_doc="call, email, meeting, note, sms or chat",
        ),
        Field("direction", "direction", choices=DIRECTIONS, input_doc="inbound or outbound"),
        Field(
            "occurredAt",
            "occurred_at",
            "datetime",
            clearable=False,
            sort=True,
            input_doc="Now if omitted",
        ),
        Field(
            "duration",
            "duration_seconds",
            "int",
            convert=_duration,
            input_doc="Seconds",
            plain=False,
        ),
        Field("subject", "subject", convert=str.strip, empty="", search=True),
        # What was said: personal data, like an e-mail address.
        Field("body", "body", sensitive=True, empty=""),
        Field("outcome", "outcome"),
        Field("contact", "contact_id", "ref", ref=CONTACT_REF, filter="ref", plain=False),
        Field("company", "company_id", "ref", ref=COMPANY_REF, filter="ref", plain=False),
        Field("deal", "deal_id", "ref", ref=DEAL_REF, filter="ref", plain=False),
    ),
    search_doc="Subject contains",
    # A timeline: newest first.
    default_sort=(("occurredAt", "DESC"),),
    order_direction="DESC",
)


def _labels(value: list[str]) -> list[str]:
    cleaned = sorted({label.strip() for label in value if label.strip()})
    if any(len(label) > 50 for label in cleaned) or len(cleaned) > 20:
        raise BadInput("At most 20 labels of at most 50 characters", field="labels")
    return cleaned


def _task_rules(values: dict[str, Any]) -> None:
    if "status" in values:
        # Completion time follows the status, whichever mutation sets it.
        values["completed_at"] = clock.now() if values["status"] == "done" else None


def _overdue(value: bool) -> Any:
    from tortoise.expressions import Q

    late = Q(due_at__lt=clock.now()) & ~Q(status__in=list(CLOSED))
    return late if value else ~late


TASK = RecordType(
    "task",
    "Task",
    Task,
    (
        Field("title", "title", required=True, convert=str.strip, sort=True, search=True),
        Field("description", "description", empty=""),
        Field("dueAt", "due_at", "datetime", sort=True),
        Field("remindAt", "remind_at", "datetime", input_doc="Not after dueAt"),
        Field(
            "priority",
            "priority",
            clearable=False,
            choices=PRIORITIES,
            sort=True,
            input_doc="low normal high urgent",
        ),
        Field(
            "status",
            "status",
            clearable=False,
            choices=STATUSES,
            filter="eq",
            input_doc="open in_progress done cancelled",
        ),
        Field("assignee", "assignee_id", "ref", ref=USER, filter="ref", plain=False),
        Field("creator", "creator_id", "ref", ref=USER, writable=False, plain=False),
        Field("labels", "labels", "strings", convert=_labels, empty=list),
        # A deal, contact or company the task is about (set through linkedRecordId).
        Field(
            "linkedRecord",
            "target_id",
            "computed",
            events=("target_id", "target_type"),
            create=False,
            update=False,
            plain=False,
        ),
        Field("completedAt", "completed_at", "datetime", writable=False),
    ),
    assignee_column="assignee_id",
    search_doc="Title contains",
    extra_filters=(
        Extra("due_before", datetime, "dueAt", "due_at__lt"),
        Extra(
            "overdue",
            bool,
            "dueAt",
            "due_at",
            build=_overdue,
            description="Due before now and neither done nor cancelled",
        ),
    ),
    rules=_task_rules,
)

COMMENT = RecordType(
    "comment",
    "Comment",
    Comment,
    (
        Field("body", "body", required=True, convert=str.strip),
        # The record discussed; a comment is seen by whoever may see that record.
        Field("target", "target_id", "computed", create=False, update=False, plain=False),
        Field("parent", "parent_id", "computed", create=False, update=False, plain=False),
    ),
    operations=("create", "read", "update", "delete"),
    filterable=False,
    # A conversation reads top to bottom.
    default_sort=(("createdAt", "ASC"),),
)

LEAD = RecordType(
    "lead",
    "Lead",
    Lead,
    (
        Field("name", "name", required=True, convert=str.strip, sort=True, search=True),
        Field("companyName", "company_name", convert=str.strip, search=True),
        Field("email", "email", sensitive=True, convert=cv.one(cv.email, "email"), search=True),
        Field("phone", "phone", sensitive=True, convert=cv.one(cv.phone, "phone")),
        Field("comment", "comment"),
        Field("source", "source", filter="eq"),
        Field(
            "status",
            "status",
            clearable=False,
            choices=LEAD_STATUSES,
            filter="eq",
            sort=True,
            description="new, contacted, qualified, disqualified; converted once converted",
        ),
        Field("contact", "contact_id", "ref", ref=CONTACT_REF, writable=False, plain=False),
        Field("convertedAt", "converted_at", "datetime", writable=False),
    ),
    search_doc="Name, company, e-mail",
)
