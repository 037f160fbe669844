"""What each object's list may be filtered, sorted and searched by, in catalogue terms."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import orjson
from tortoise.expressions import Q

from models import clock
from models import values as contact_values
from models.activity import Activity
from models.audit import AuditEntry
from models.comment import Comment
from models.company import Company
from models.contact import Contact
from models.deal import Deal
from models.errors import BadInput
from models.lead import Lead
from models.product import Product
from models.security import MailLog
from models.segment import Segment
from models.task import CLOSED, Task
from models.user import User
from resolvers.lists import FilterKey, ListSpec, SortKey
from schema.types.connection import SortDirection
from schema.types.node import from_global_id


def _id(type_name: str, field: str) -> Callable[[str], int]:
    return partial(from_global_id, expected=type_name, field=f"filter.{field}")


def _any_tag(tags: list[str]) -> Q:
    """Rows carrying any of the tags. Tags are stored as JSON text, so the quoted tag is a
    substring of the column exactly when the list holds it (LIKE works on both backends)."""
    if not tags:
        raise BadInput("Give at least one tag", field="filter.tags")
    q = Q(pk__in=[])
    for i, raw in enumerate(tags):
        quoted = orjson.dumps(contact_values.tag(raw, f"filter.tags.{i}")).decode()
        q |= Q(tags__contains=quoted)
    return q


TAGS_FILTER = FilterKey("tags", "tags", build=_any_tag)

OWNERSHIP_FILTERS = {
    "owner_id": FilterKey("owner", "owner_id", _id("User", "ownerId")),
    "department_id": FilterKey("department", "department_id", _id("Department", "departmentId")),
    "created_after": FilterKey(None, "created_at__gte"),
}
TIMESTAMP_SORTS = {
    "createdAt": SortKey(None, "created_at"),
    "updatedAt": SortKey(None, "updated_at"),
}
NEWEST_FIRST = (("createdAt", SortDirection.DESC),)

COMPANIES = ListSpec(
    obj="company",
    model=Company,
    filters={
        **OWNERSHIP_FILTERS,
        "industry": FilterKey("industry", "industry"),
        "country": FilterKey("country", "country"),
        "tags": TAGS_FILTER,
    },
    sorts={"name": SortKey("name", "name"), **TIMESTAMP_SORTS},
    search=(("name", "name"), ("domain", "domain")),
    default_sort=(("name", SortDirection.ASC),),
)

CONTACTS = ListSpec(
    obj="contact",
    model=Contact,
    filters={
        **OWNERSHIP_FILTERS,
        "company_id": FilterKey(
            "company", "company_id", _id("Company", "companyId"), related=("company", Company)
        ),
        "lifecycle_stage": FilterKey("lifecycleStage", "lifecycle_stage"),
        "email": FilterKey("email", "email__iexact"),
        "country": FilterKey("country", "country"),
        "tags": TAGS_FILTER,
        "preferred_channel": FilterKey("preferredChannel", "preferred_channel"),
        "language": FilterKey("language", "language"),
        "email_consent": FilterKey("emailConsent", "email_consent"),
        "sms_consent": FilterKey("smsConsent", "sms_consent"),
    },
    sorts={
        "firstName": SortKey("firstName", "first_name"),
        "lastName": SortKey("lastName", "last_name"),
        "lifecycleStage": SortKey("lifecycleStage", "lifecycle_stage"),
        **TIMESTAMP_SORTS,
    },
    search=(
        ("firstName", "first_name"),
        ("lastName", "last_name"),
        ("email", "email"),
        ("phone", "phone"),
        ("otherEmails", "other_emails"),
        ("otherPhones", "other_phones"),
        ("tags", "tags"),
    ),
    default_sort=(("lastName", SortDirection.ASC),),
)

DEALS = ListSpec(
    obj="deal",
    model=Deal,
    filters={
        **OWNERSHIP_FILTERS,
        "pipeline_id": FilterKey("pipeline", "pipeline_id", _id("Pipeline", "pipelineId")),
        "stage_id": FilterKey("stage", "stage_id", _id("Stage", "stageId")),
        "company_id": FilterKey(
            "company", "company_id", _id("Company", "companyId"), related=("company", Company)
        ),
        "contact_id": FilterKey(
            "contact", "contact_id", _id("Contact", "contactId"), related=("contact", Contact)
        ),
        "status": FilterKey("status", "status"),
        "amount_gte": FilterKey("amount", "amount__gte"),
        "amount_lte": FilterKey("amount", "amount__lte"),
        "cost_gte": FilterKey("cost", "cost__gte"),
        "cost_lte": FilterKey("cost", "cost__lte"),
        "tags": TAGS_FILTER,
    },
    sorts={
        "title": SortKey("title", "title"),
        "amount": SortKey("amount", "amount"),
        "cost": SortKey("cost", "cost"),
        "status": SortKey("status", "status"),
        "position": SortKey("position", "position"),
        **TIMESTAMP_SORTS,
    },
    search=(("title", "title"),),
    default_sort=NEWEST_FIRST,
)


LEADS = ListSpec(
    obj="lead",
    model=Lead,
    filters={
        **OWNERSHIP_FILTERS,
        "status": FilterKey("status", "status"),
        "source": FilterKey("source", "source"),
    },
    sorts={
        "name": SortKey("name", "name"),
        "status": SortKey("status", "status"),
        **TIMESTAMP_SORTS,
    },
    search=(("name", "name"), ("companyName", "company_name"), ("email", "email")),
    default_sort=NEWEST_FIRST,
)


SEGMENTS = ListSpec(
    obj="segment",
    model=Segment,
    filters={},
    sorts={"name": SortKey("name", "name"), **TIMESTAMP_SORTS},
    search=(("name", "name"),),
    default_sort=(("name", SortDirection.ASC),),
)


def _record_pk(global_id: str) -> int:
    # Any record type: the resolver pairs the id with its object (ids repeat across tables).
    return from_global_id(global_id, field="filter.recordId")


AUDIT = ListSpec(
    obj="auditEntry",
    model=AuditEntry,
    filters={
        "actor_id": FilterKey("actor", "actor_id", _id("User", "actorId")),
        "action": FilterKey("action", "action"),
        "object": FilterKey("object", "object"),
        "record_id": FilterKey("recordId", "record_id", _record_pk),
        "since": FilterKey("at", "at__gte"),
        "until": FilterKey("at", "at__lt"),
    },
    sorts={"at": SortKey("at", "at")},
    # Newest first; entries written in one transaction share a time, the id then orders them.
    default_sort=(("at", SortDirection.DESC),),
)


PRODUCTS = ListSpec(
    obj="product",
    model=Product,
    filters={
        "active": FilterKey("active", "active"),
        "sku": FilterKey("sku", "sku__iexact"),
        "price_gte": FilterKey("price", "price__gte"),
        "price_lte": FilterKey("price", "price__lte"),
    },
    sorts={
        "name": SortKey("name", "name"),
        "sku": SortKey("sku", "sku"),
        "price": SortKey("price", "price"),
        "cost": SortKey("cost", "cost"),
        **TIMESTAMP_SORTS,
    },
    search=(("name", "name"), ("sku", "sku")),
    default_sort=(("name", SortDirection.ASC),),
)


ACTIVITIES = ListSpec(
    obj="activity",
    model=Activity,
    filters={
        **OWNERSHIP_FILTERS,
        "contact_id": FilterKey(
            "contact", "contact_id", _id("Contact", "contactId"), related=("contact", Contact)
        ),
        "company_id": FilterKey(
            "company", "company_id", _id("Company", "companyId"), related=("company", Company)
        ),
        "deal_id": FilterKey("deal", "deal_id", _id("Deal", "dealId"), related=("deal", Deal)),
        "kind": FilterKey("kind", "kind"),
    },
    sorts={
        "occurredAt": SortKey("occurredAt", "occurred_at"),
        "kind": SortKey("kind", "kind"),
        **TIMESTAMP_SORTS,
    },
    search=(("subject", "subject"),),
    # A timeline: newest first.
    default_sort=(("occurredAt", SortDirection.DESC),),
)


def _overdue(value: bool) -> Q:
    late = Q(due_at__lt=clock.now()) & ~Q(status__in=list(CLOSED))
    return late if value else ~late


TASKS = ListSpec(
    obj="task",
    model=Task,
    filters={
        **OWNERSHIP_FILTERS,
        "assignee_id": FilterKey("assignee", "assignee_id", _id("User", "assigneeId")),
        "status": FilterKey("status", "status"),
        "due_before": FilterKey("dueAt", "due_at__lt"),
        "overdue": FilterKey("dueAt", "due_at", build=_overdue),
    },
    sorts={
        "dueAt": SortKey("dueAt", "due_at"),
        "priority": SortKey("priority", "priority"),
        "title": SortKey("title", "title"),
        **TIMESTAMP_SORTS,
    },
    search=(("title", "title"),),
    # Not by due time: the list builder's keyset pagination does not page over nulls.
    default_sort=NEWEST_FIRST,
)


COMMENTS = ListSpec(
    obj="comment",
    model=Comment,
    filters={},
    sorts={**TIMESTAMP_SORTS},
    # A conversation reads top to bottom.
    default_sort=(("createdAt", SortDirection.ASC),),
)


USERS = ListSpec(
    obj="user",
    model=User,
    filters={
        "active": FilterKey("isActive", "is_active"),
        "role_id": FilterKey("role", "role_id", _id("Role", "roleId")),
        "department_id": FilterKey(
            "departments", "departments__id", _id("Department", "departmentId")
        ),
    },
    sorts={
        "name": SortKey("name", "name"),
        "email": SortKey("email", "email"),
        "createdAt": SortKey(None, "created_at"),
    },
    search=(("name", "name"), ("email", "email")),
    default_sort=(("name", SortDirection.ASC),),
)


# The mail log is access administration (the "access" object: API keys, sign-in attempts), not a
# record: it has no fields of its own to grant, so its filters and sort are system ones.
MAIL_LOG = ListSpec(
    obj="access",
    model=MailLog,
    filters={
        "to": FilterKey(None, "to__iexact"),
        "status": FilterKey(None, "status"),
        "since": FilterKey(None, "created_at__gte"),
        "until": FilterKey(None, "created_at__lt"),
    },
    sorts={"createdAt": SortKey(None, "created_at")},
    default_sort=(("createdAt", SortDirection.DESC),),
)
