"""Typed filters and closed sort enums per object. The list builder checks each against the gate."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum

import strawberry

from schema.types.connection import SortDirection
from schema.types.custom_fields import CustomFilter

CUSTOM_DOC = "Custom field tests, all of which must hold"


@strawberry.input
class CompanyFilter:
    search: str | None = strawberry.field(default=None, description="Name or domain contains")
    owner_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = None
    industry: str | None = None
    country: str | None = None
    tags: list[str] | None = strawberry.field(default=None, description="Any of these tags")
    custom: list[CustomFilter] | None = strawberry.field(default=None, description=CUSTOM_DOC)
    created_after: datetime | None = None


@strawberry.enum
class CompanySortField(Enum):
    NAME = "name"
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"
    CUSTOM = strawberry.enum_value("custom", description="A custom field: name it in customKey")


@strawberry.input
class CompanyOrder:
    field: CompanySortField
    direction: SortDirection = SortDirection.ASC
    custom_key: str | None = strawberry.field(
        default=None, description="With field CUSTOM: the key of the custom field to sort on"
    )


@strawberry.input
class ContactFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Name, e-mails, phones or tags contain (readable fields only)",
    )
    company_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = None
    lifecycle_stage: str | None = None
    email: str | None = strawberry.field(default=None, description="The primary e-mail is")
    country: str | None = None
    tags: list[str] | None = strawberry.field(default=None, description="Any of these tags")
    preferred_channel: str | None = None
    language: str | None = None
    email_consent: bool | None = None
    sms_consent: bool | None = None
    custom: list[CustomFilter] | None = strawberry.field(default=None, description=CUSTOM_DOC)
    created_after: datetime | None = None


@strawberry.enum
class ContactSortField(Enum):
    FIRST_NAME = "firstName"
    LAST_NAME = "lastName"
    LIFECYCLE_STAGE = "lifecycleStage"
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"
    CUSTOM = strawberry.enum_value("custom", description="A custom field: name it in customKey")


@strawberry.input
class ContactOrder:
    field: ContactSortField
    direction: SortDirection = SortDirection.ASC
    custom_key: str | None = strawberry.field(
        default=None, description="With field CUSTOM: the key of the custom field to sort on"
    )


@strawberry.input
class DealFilter:
    search: str | None = strawberry.field(default=None, description="Title contains")
    pipeline_id: strawberry.ID | None = None
    stage_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = None
    company_id: strawberry.ID | None = None
    contact_id: strawberry.ID | None = None
    status: str | None = None
    amount_gte: Decimal | None = None
    amount_lte: Decimal | None = None
    cost_gte: Decimal | None = None
    cost_lte: Decimal | None = None
    tags: list[str] | None = strawberry.field(default=None, description="Any of these tags")
    custom: list[CustomFilter] | None = strawberry.field(default=None, description=CUSTOM_DOC)
    created_after: datetime | None = None


@strawberry.enum
class DealSortField(Enum):
    TITLE = "title"
    AMOUNT = "amount"
    COST = "cost"
    STATUS = "status"
    POSITION = "position"
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"
    CUSTOM = strawberry.enum_value("custom", description="A custom field: name it in customKey")


@strawberry.input
class DealOrder:
    field: DealSortField
    direction: SortDirection = SortDirection.ASC
    custom_key: str | None = strawberry.field(
        default=None, description="With field CUSTOM: the key of the custom field to sort on"
    )


@strawberry.input
class ProductFilter:
    search: str | None = strawberry.field(default=None, description="Name or SKU contains")
    active: bool | None = None
    sku: str | None = None
    price_gte: Decimal | None = None
    price_lte: Decimal | None = None


@strawberry.enum
class ProductSortField(Enum):
    NAME = "name"
    SKU = "sku"
    PRICE = "price"
    COST = "cost"
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"


@strawberry.input
class ProductOrder:
    field: ProductSortField
    direction: SortDirection = SortDirection.ASC


@strawberry.input
class ActivityFilter:
    search: str | None = strawberry.field(default=None, description="Subject contains")
    contact_id: strawberry.ID | None = None
    company_id: strawberry.ID | None = None
    deal_id: strawberry.ID | None = None
    kind: str | None = None
    owner_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = None
    created_after: datetime | None = None


@strawberry.enum
class ActivitySortField(Enum):
    OCCURRED_AT = "occurredAt"
    KIND = "kind"
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"


@strawberry.input
class ActivityOrder:
    field: ActivitySortField
    direction: SortDirection = SortDirection.DESC


@strawberry.input
class TaskFilter:
    search: str | None = strawberry.field(default=None, description="Title contains")
    assignee_id: strawberry.ID | None = None
    status: str | None = None
    due_before: datetime | None = None
    overdue: bool | None = strawberry.field(
        default=None, description="Due before now and neither done nor cancelled"
    )
    owner_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = None
    created_after: datetime | None = None


@strawberry.enum
class TaskSortField(Enum):
    DUE_AT = "dueAt"
    PRIORITY = "priority"
    TITLE = "title"
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"


@strawberry.input
class TaskOrder:
    field: TaskSortField
    direction: SortDirection = SortDirection.ASC
