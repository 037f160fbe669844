"""Companies and contacts: the shared customer base, as each role may see it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info
from tortoise.expressions import Q

from models.company import Company as CompanyModel
from models.contact import Contact as ContactModel
from models.department import Department as DepartmentModel
from models.user import User as UserModel
from models.values import listed
from resolvers import activities, custom_fields, list_specs, lists, records
from resolvers.api.filters import DealFilter, DealOrder
from resolvers.compiled import many
from resolvers.context import RequestContext
from resolvers.pages import Page
from schema.permission import record_type
from schema.types.connection import Connection
from schema.types.node import Node

if TYPE_CHECKING:
    from schema.types.accounts import Department, User
    from schema.types.activities import Activity
    from schema.types.sales import Deal

UserRef = Annotated["User", strawberry.lazy("schema.types.accounts")]
DepartmentRef = Annotated["Department", strawberry.lazy("schema.types.accounts")]
DealRef = Annotated["Deal", strawberry.lazy("schema.types.sales")]
# Defined below in this module; named lazily where a decorator needs it first.
ContactRef = Annotated["Contact", strawberry.lazy("schema.types.customers")]
ActivityRef = Annotated["Activity", strawberry.lazy("schema.types.activities")]
Ctx = Info[RequestContext, None]


# Plain functions returning the row or an awaitable (records.related_now): a relation already
# loaded in this request resolves without an awaitable.
@records.plain_relation("user", UserModel, "owner_id")
def owner(root: Any, info: Ctx) -> UserRef | None:
    return records.related_now(info, "user", UserModel, root.owner_id)


@records.plain_relation("department", DepartmentModel, "department_id")
def department(root: Any, info: Ctx) -> DepartmentRef | None:
    return records.related_now(info, "department", DepartmentModel, root.department_id)


async def deals_of(
    info: Ctx,
    where: Q,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    filter: Any,
    order_by: Any,
) -> Page[Any]:
    return await lists.page(
        list_specs.DEALS,
        info.context.access(list_specs.DEALS.obj),
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
        where=where,
    )


@strawberry.type(description="Consent to be contacted on one channel: whether, when and how")
class Consent:
    granted: bool
    at: datetime | None
    source: str | None


def _consent(row: Any, column: str) -> Consent | None:
    granted = getattr(row, column)
    if granted is None:
        return None
    return Consent(
        granted=granted, at=getattr(row, f"{column}_at"), source=getattr(row, f"{column}_source")
    )


def tags(root: Any) -> list[str] | None:
    return listed(root.tags)


def custom_of(obj: str) -> Any:
    """The record's custom values, only the keys the caller may read (so the field itself is
    read with the record, like a relation: the per-key check is the guard)."""

    async def custom(root: strawberry.Parent[Any], info: Ctx) -> JSON | None:
        ctx = info.context
        values = await custom_fields.record_values(ctx.cache, ctx.access(obj), root.custom)
        return cast(JSON, values)

    return strawberry.field(custom, description="Custom field values you may read, by key")


@record_type("company", CompanyModel, relations=("contacts", "deals", "custom"))
class Company(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner)
    department = strawberry.field(department)
    tags = strawberry.field(tags)
    custom = custom_of("company")

    @strawberry.field(
        description="People at this company that the caller may see",
        graphql_type=Connection[ContactRef],
    )
    @many.grouped_pages(list_specs.CONTACTS, "company_id", ())
    async def contacts(
        self,
        root: strawberry.Parent[CompanyModel],
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Page[Any]:
        return await lists.page(
            list_specs.CONTACTS,
            info.context.access(list_specs.CONTACTS.obj),
            lists.PageArgs(first, after, last, before),
            where=Q(company_id=root.id),
        )

    @strawberry.field(
        description="Deals with this company that the caller may see",
        graphql_type=Connection[DealRef],
    )
    @many.grouped_pages(list_specs.DEALS, "company_id", ())
    async def deals(
        self,
        root: strawberry.Parent[CompanyModel],
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: DealFilter | None = None,
        order_by: list[DealOrder] | None = None,
    ) -> Page[Any]:
        return await deals_of(
            info, Q(company_id=root.id), first, after, last, before, filter, order_by
        )


@record_type("contact", ContactModel, relations=("deals", "custom"))
class Contact(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner)
    department = strawberry.field(department)
    tags = strawberry.field(tags)
    custom = custom_of("contact")

    @strawberry.field(description="E-mail addresses besides the primary one")
    def other_emails(self, root: strawberry.Parent[ContactModel]) -> list[str] | None:
        return listed(root.other_emails)

    @strawberry.field(description="Phone numbers (E.164) besides the primary one")
    def other_phones(self, root: strawberry.Parent[ContactModel]) -> list[str] | None:
        return listed(root.other_phones)

    @strawberry.field
    def product_interests(self, root: strawberry.Parent[ContactModel]) -> list[str] | None:
        return listed(root.product_interests)

    @strawberry.field(description="Null until the contact has been asked")
    def email_consent(self, root: strawberry.Parent[ContactModel]) -> Consent | None:
        return _consent(root, "email_consent")

    @strawberry.field(description="Null until the contact has been asked")
    def sms_consent(self, root: strawberry.Parent[ContactModel]) -> Consent | None:
        return _consent(root, "sms_consent")

    @strawberry.field
    @records.plain_relation("company", CompanyModel, "company_id")
    def company(self, root: strawberry.Parent[ContactModel], info: Ctx) -> Company | None:
        return records.related_now(info, "company", CompanyModel, root.company_id)

    @strawberry.field(description="The newest interaction with this contact the caller may see")
    @many.newest(list_specs.ACTIVITIES, "contact_id", activities.NEWEST_FIRST)
    async def last_activity(
        self, root: strawberry.Parent[ContactModel], info: Ctx
    ) -> ActivityRef | None:
        return await activities.last_activity(info, "contact_id", root.id)

    @strawberry.field(
        description="This contact's deals that the caller may see",
        graphql_type=Connection[DealRef],
    )
    @many.grouped_pages(list_specs.DEALS, "contact_id", ())
    async def deals(
        self,
        root: strawberry.Parent[ContactModel],
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: DealFilter | None = None,
        order_by: list[DealOrder] | None = None,
    ) -> Page[Any]:
        return await deals_of(
            info, Q(contact_id=root.id), first, after, last, before, filter, order_by
        )


records.register("Company", "company", CompanyModel)
records.register("Contact", "contact", ContactModel)
