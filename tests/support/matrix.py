"""The permission matrix's probes: how to select, filter, sort and write each catalogue field.

A test walks these for every role template and compares what the API answers with what the
policy data says. A catalogue field without a probe fails ``test_every_field_has_a_probe``, so a
field added later cannot slip past the matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Selection text per field, where it is not just the field's name.
SELECTIONS: Mapping[str, Mapping[str, str]] = {
    "company": {"owner": "owner { id }", "department": "department { id }"},
    "contact": {
        "owner": "owner { id }",
        "department": "department { id }",
        "company": "company { id }",
        "emailConsent": "emailConsent { granted at source }",
        "smsConsent": "smsConsent { granted at source }",
        "lastActivity": "lastActivity { id }",
    },
    "deal": {
        "owner": "owner { id }",
        "department": "department { id }",
        "company": "company { id }",
        "contact": "contact { id }",
        "pipeline": "pipeline { id }",
        "stage": "stage { id }",
        "amount": "amount { amount currency }",
        "cost": "cost { amount }",
        "margin": "margin { amount }",
        "stageHistory": "stageHistory { at }",
        "lineItems": "lineItems { quantity }",
        "lastActivity": "lastActivity { id }",
    },
    "product": {"price": "price { amount currency }", "cost": "cost { amount }"},
    "task": {
        "owner": "owner { id }",
        "department": "department { id }",
        "assignee": "assignee { id }",
        "creator": "creator { id }",
        "linkedRecord": "linkedRecord { id }",
    },
    "activity": {
        "owner": "owner { id }",
        "department": "department { id }",
        "company": "company { id }",
        "contact": "contact { id }",
        "deal": "deal { id }",
    },
    "lead": {
        "owner": "owner { id }",
        "department": "department { id }",
        "contact": "contact { id }",
    },
    "pipeline": {"department": "department { id }", "stages": "stages { id name }"},
    "user": {
        "role": "role { id }",
        "departments": "departments { id }",
        "manager": "manager { id }",
    },
    "role": {"permissions": "permissions { object }"},
    "auditEntry": {"actor": "actor { id }"},
    "automationRule": {
        "pipeline": "pipeline { id }",
        "trigger": "trigger { kind }",
        "conditions": "conditions { currency }",
        "actions": "actions { kind }",
        "createdBy": "createdBy { id }",
    },
    "comment": {
        "owner": "owner { id }",
        "department": "department { id }",
        "target": "target { id }",
    },
}


def selection(obj: str, name: str) -> str:
    return SELECTIONS.get(obj, {}).get(name, name)


@dataclass(frozen=True, slots=True)
class Probe:
    """Input value factories, given the arranged world (ids of related rows)."""

    # field -> (input attribute in camelCase, value from the world)
    writes: Mapping[str, tuple[str, Callable[[Mapping[str, str]], Any]]] = field(
        default_factory=dict
    )
    # filter argument (camelCase) -> (catalogue field or None for system, value)
    filters: Mapping[str, tuple[str | None, Callable[[Mapping[str, str]], Any]]] = field(
        default_factory=dict
    )
    # sort enum value -> catalogue field or None
    sorts: Mapping[str, str | None] = field(default_factory=dict)
    # what a create needs at least: input attribute -> value
    create: Mapping[str, Callable[[Mapping[str, str]], Any]] = field(default_factory=dict)


def _const(value: Any) -> Callable[[Mapping[str, str]], Any]:
    return lambda world: value


def _ref(key: str) -> Callable[[Mapping[str, str]], Any]:
    return lambda world: world[key]


OWNERSHIP_WRITES = {
    "owner": ("ownerId", _ref("me")),
    "department": ("departmentId", _ref("my_department")),
}
OWNERSHIP_FILTERS = {
    "ownerId": ("owner", _ref("me")),
    "departmentId": ("department", _ref("my_department")),
    "createdAfter": (None, _const("2000-01-01T00:00:00+00:00")),
}
TIME_SORTS = {"CREATED_AT": None, "UPDATED_AT": None}

PROBES: Mapping[str, Probe] = {
    "company": Probe(
        writes={
            "name": ("name", _const("Acme 2")),
            "domain": ("domain", _const("acme.example")),
            "industry": ("industry", _const("Retail")),
            "size": ("size", _const("11-50")),
            "country": ("country", _const("ES")),
            "region": ("region", _const("Madrid")),
            "city": ("city", _const("Madrid")),
            "address": ("address", _const("Calle 1")),
            "phone": ("phone", _const("+34 600 111 222")),
            "tags": ("tags", _const(["vip", "B2B"])),
            **OWNERSHIP_WRITES,
        },
        filters={
            **OWNERSHIP_FILTERS,
            "industry": ("industry", _const("Retail")),
            "country": ("country", _const("ES")),
            "tags": ("tags", _const(["vip"])),
        },
        sorts={"NAME": "name", **TIME_SORTS},
        create={"name": _const("New Co")},
    ),
    "contact": Probe(
        writes={
            "firstName": ("firstName", _const("Grace")),
            "lastName": ("lastName", _const("Hopper")),
            "email": ("email", _const("grace@example.com")),
            "phone": ("phone", _const("+34 600 333 444")),
            "position": ("position", _const("CTO")),
            "company": ("companyId", _ref("company")),
            "country": ("country", _const("PT")),
            "city": ("city", _const("Porto")),
            "lifecycleStage": ("lifecycleStage", _const("customer")),
            "source": ("source", _const("web")),
            "otherEmails": ("otherEmails", _const(["g.hopper@example.org"])),
            "otherPhones": ("otherPhones", _const(["+351 912 345 678"])),
            "address": ("address", _const("Rua 1")),
            "preferredChannel": ("preferredChannel", _const("email")),
            "language": ("language", _const("pt-PT")),
            "emailConsent": ("emailConsent", _const({"granted": True, "source": "web form"})),
            "smsConsent": ("smsConsent", _const({"granted": False, "source": "phone call"})),
            "productInterests": ("productInterests", _const(["Cloud"])),
            "tags": ("tags", _const(["vip"])),
            **OWNERSHIP_WRITES,
        },
        filters={
            **OWNERSHIP_FILTERS,
            "companyId": ("company", _ref("company")),
            "lifecycleStage": ("lifecycleStage", _const("lead")),
            "email": ("email", _const("ada@example.test")),
            "country": ("country", _const("ES")),
            "tags": ("tags", _const(["vip", "partner"])),
            "preferredChannel": ("preferredChannel", _const("email")),
            "language": ("language", _const("es")),
            "emailConsent": ("emailConsent", _const(True)),
            "smsConsent": ("smsConsent", _const(False)),
        },
        sorts={
            "FIRST_NAME": "firstName",
            "LAST_NAME": "lastName",
            "LIFECYCLE_STAGE": "lifecycleStage",
            **TIME_SORTS,
        },
        create={"firstName": _const("Linus")},
    ),
    "deal": Probe(
        writes={
            "title": ("title", _const("Renamed")),
            "stage": ("stageId", _ref("stage")),
            "amount": ("amount", _const("1500.00")),
            "cost": ("cost", _const("100.00")),
            "probability": ("probability", _const(40)),
            "expectedClose": ("expectedClose", _const("2027-03-01")),
            "contact": ("contactId", _ref("contact")),
            "company": ("companyId", _ref("company")),
            "status": ("status", _const("open")),
            "lostReason": ("lostReason", _const("price")),
            "tags": ("tags", _const(["vip", "renewal"])),
            **OWNERSHIP_WRITES,
        },
        filters={
            **OWNERSHIP_FILTERS,
            "pipelineId": ("pipeline", _ref("pipeline")),
            "stageId": ("stage", _ref("stage")),
            "companyId": ("company", _ref("company")),
            "contactId": ("contact", _ref("contact")),
            "status": ("status", _const("open")),
            "amountGte": ("amount", _const("500")),
            "amountLte": ("amount", _const("5000")),
            "costGte": ("cost", _const("1")),
            "costLte": ("cost", _const("999")),
            "tags": ("tags", _const(["vip"])),
        },
        sorts={
            "TITLE": "title",
            "AMOUNT": "amount",
            "COST": "cost",
            "STATUS": "status",
            "POSITION": "position",
            **TIME_SORTS,
        },
        create={"title": _const("Fresh"), "stageId": _ref("stage")},
    ),
    "lead": Probe(
        writes={
            "name": ("name", _const("Grace Hopper")),
            "companyName": ("companyName", _const("Navy")),
            "email": ("email", _const("grace@example.com")),
            "phone": ("phone", _const("+34 600 333 444")),
            "comment": ("comment", _const("Met at a fair")),
            "source": ("source", _const("fair")),
            "status": ("status", _const("contacted")),
            **OWNERSHIP_WRITES,
        },
        filters={
            **OWNERSHIP_FILTERS,
            "status": ("status", _const("new")),
            "source": ("source", _const("web")),
        },
        sorts={"NAME": "name", "STATUS": "status", **TIME_SORTS},
        create={"name": _const("Quick")},
    ),
    "activity": Probe(
        writes={
            "kind": ("kind", _const("call")),
            "direction": ("direction", _const("inbound")),
            "occurredAt": ("occurredAt", _const("2026-01-01T10:00:00+00:00")),
            "duration": ("duration", _const(60)),
            "subject": ("subject", _const("Follow-up")),
            "body": ("body", _const("Asked for a discount")),
            "outcome": ("outcome", _const("callback")),
            "contact": ("contactId", _ref("contact")),
            "company": ("companyId", _ref("company")),
            "deal": ("dealId", _ref("deal")),
            **OWNERSHIP_WRITES,
        },
        filters={
            **OWNERSHIP_FILTERS,
            "contactId": ("contact", _ref("contact")),
            "companyId": ("company", _ref("company")),
            "dealId": ("deal", _ref("deal")),
            "kind": ("kind", _const("call")),
        },
        sorts={"OCCURRED_AT": "occurredAt", "KIND": "kind", **TIME_SORTS},
        create={"kind": _const("note")},
    ),
    "task": Probe(
        writes={
            "title": ("title", _const("Call back")),
            "description": ("description", _const("About the renewal")),
            "dueAt": ("dueAt", _const("2027-01-02T10:00:00+00:00")),
            "remindAt": ("remindAt", _const("2027-01-01T10:00:00+00:00")),
            "priority": ("priority", _const("high")),
            "status": ("status", _const("in_progress")),
            "assignee": ("assigneeId", _ref("me")),
            "labels": ("labels", _const(["renewal"])),
            "linkedRecord": ("linkedRecordId", _ref("contact")),
            **OWNERSHIP_WRITES,
        },
        filters={
            **OWNERSHIP_FILTERS,
            "assigneeId": ("assignee", _ref("me")),
            "status": ("status", _const("open")),
            "dueBefore": ("dueAt", _const("2030-01-01T00:00:00+00:00")),
            "overdue": ("dueAt", _const(True)),
        },
        sorts={"DUE_AT": "dueAt", "PRIORITY": "priority", "TITLE": "title", **TIME_SORTS},
        create={"title": _const("Fresh task")},
    ),
    # Shared, not owned: every role that reads products reads all three of the world's.
    "product": Probe(
        writes={
            "name": ("name", _const("Widget XL")),
            "sku": ("sku", _const("W-XL")),
            "price": ("price", _const("12.50")),
            "cost": ("cost", _const("3.00")),
            "active": ("active", _const(False)),
        },
        filters={
            "active": ("active", _const(True)),
            "sku": ("sku", _const("W-1")),
            "priceGte": ("price", _const("1")),
            "priceLte": ("price", _const("100")),
        },
        sorts={"NAME": "name", "SKU": "sku", "PRICE": "price", "COST": "cost", **TIME_SORTS},
        create={"sku": _const("NEW-1"), "name": _const("New")},
    ),
}

LISTS = {
    "company": "companies",
    "contact": "contacts",
    "deal": "deals",
    "lead": "leads",
    "activity": "activities",
    "task": "tasks",
    "product": "products",
}
TYPE_NAMES = {
    "company": "Company",
    "contact": "Contact",
    "deal": "Deal",
    "lead": "Lead",
    "activity": "Activity",
    "task": "Task",
    "product": "Product",
}
# Where creating is not <object>Create(input: <Type>CreateInput!): (mutation, input type).
CREATE_MUTATIONS = {"activity": ("activityLog", "ActivityLogInput")}
