"""Companies and contacts: lists, creation, changes, deletion."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from strawberry.types import Info

from models import values as cv
from models.company import Company as CompanyModel
from models.contact import Contact as ContactModel
from models.department import Department as DepartmentModel
from models.errors import BadInput
from models.user import User as UserModel
from resolvers import list_specs, lists, prefetch, record_writes
from resolvers.context import RequestContext
from resolvers.record_writes import Column, WriteSpec
from schema.types.connection import Connection
from schema.types.customer_inputs import (
    CompanyCreateInput,
    CompanyUpdateInput,
    ContactCreateInput,
    ContactUpdateInput,
)
from schema.types.customers import Company, Contact
from schema.types.filters import CompanyFilter, CompanyOrder, ContactFilter, ContactOrder

Ctx = Info[RequestContext, None]
USER_REF = ("User", "user", UserModel)
OWNERSHIP = (
    Column("owner_id", "owner", "owner_id", ref=USER_REF),
    Column(
        "department_id",
        "department",
        "department_id",
        ref=("Department", "department", DepartmentModel),
    ),
)


def _required(*columns: str) -> Any:
    def validate(values: dict[str, Any]) -> None:
        for column in columns:
            value = values.get(column, "")
            if column in values and (value is None or not str(value).strip()):
                raise BadInput(f"{column} must not be empty", field=record_writes._camel(column))

    return validate


def _blank_is_empty(values: dict[str, Any], column: str) -> None:
    if column in values and values[column] is None:
        values[column] = ""


def _company_rules(values: dict[str, Any]) -> None:
    _required("name")(values)
    cv.empty_lists(values, ["tags"])


CONTACT_LISTS = ("other_emails", "other_phones", "product_interests", "tags")


def _contact_rules(values: dict[str, Any]) -> None:
    _required("first_name")(values)
    _blank_is_empty(values, "last_name")
    cv.empty_lists(values, CONTACT_LISTS)
    cv.expand_consent(values)


def _country(value: str) -> str:
    if len(value) != 2 or not value.isalpha():
        raise BadInput("Country is a two-letter ISO 3166 code", field="country")
    return value.upper()


COMPANY_WRITES = WriteSpec(
    "company",
    CompanyModel,
    (
        Column("name", "name", "name", str.strip),
        Column("domain", "domain", "domain", str.lower),
        Column("industry", "industry", "industry"),
        Column("size", "size", "size"),
        Column("country", "country", "country", _country),
        Column("region", "region", "region"),
        Column("city", "city", "city"),
        Column("address", "address", "address"),
        Column("phone", "phone", "phone", cv.one(cv.phone, "phone")),
        Column("tags", "tags", "tags", cv.many(cv.tag, "tags")),
        *OWNERSHIP,
    ),
    _company_rules,
)

CONTACT_WRITES = WriteSpec(
    "contact",
    ContactModel,
    (
        Column("first_name", "firstName", "first_name", str.strip),
        Column("last_name", "lastName", "last_name", str.strip),
        Column("email", "email", "email", cv.one(cv.email, "email")),
        Column("phone", "phone", "phone", cv.one(cv.phone, "phone")),
        Column("position", "position", "position"),
        Column("company_id", "company", "company_id", ref=("Company", "company", CompanyModel)),
        Column("country", "country", "country", _country),
        Column("city", "city", "city"),
        Column("lifecycle_stage", "lifecycleStage", "lifecycle_stage"),
        Column("source", "source", "source"),
        Column("other_emails", "otherEmails", "other_emails", cv.many(cv.email, "otherEmails")),
        Column("other_phones", "otherPhones", "other_phones", cv.many(cv.phone, "otherPhones")),
        Column("address", "address", "address"),
        Column("preferred_channel", "preferredChannel", "preferred_channel", cv.channel),
        Column("language", "language", "language", cv.language),
        Column(
            "email_consent",
            "emailConsent",
            "email_consent",
            cv.consent("email_consent", "emailConsent"),
        ),
        Column("sms_consent", "smsConsent", "sms_consent", cv.consent("sms_consent", "smsConsent")),
        Column(
            "product_interests",
            "productInterests",
            "product_interests",
            cv.many(cv.text_item, "productInterests"),
        ),
        Column("tags", "tags", "tags", cv.many(cv.tag, "tags")),
        *OWNERSHIP,
    ),
    _contact_rules,
)


async def companies(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: CompanyFilter | None = None,
    order_by: list[CompanyOrder] | None = None,
) -> Connection[Company]:
    return await lists.page(
        list_specs.COMPANIES,
        info.context.gate,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def contacts(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: ContactFilter | None = None,
    order_by: list[ContactOrder] | None = None,
) -> Connection[Contact]:
    page = await lists.page(
        list_specs.CONTACTS,
        info.context.gate,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )
    return await prefetch.page_with_related(info, "contact", page)


async def company_create(info: Ctx, input: CompanyCreateInput) -> Company:
    return cast(Company, await record_writes.create(info, COMPANY_WRITES, input))


async def company_update(info: Ctx, input: CompanyUpdateInput) -> Company:
    return cast(Company, await record_writes.update(info, COMPANY_WRITES, input))


async def company_delete(info: Ctx, id: strawberry.ID) -> bool:
    return await record_writes.delete(info, COMPANY_WRITES, id)


async def contact_create(info: Ctx, input: ContactCreateInput) -> Contact:
    return cast(Contact, await record_writes.create(info, CONTACT_WRITES, input))


async def contact_update(info: Ctx, input: ContactUpdateInput) -> Contact:
    return cast(Contact, await record_writes.update(info, CONTACT_WRITES, input))


async def contact_delete(info: Ctx, id: strawberry.ID) -> bool:
    return await record_writes.delete(info, CONTACT_WRITES, id)


async def company_restore(info: Ctx, id: strawberry.ID) -> Company:
    return cast(Company, await record_writes.undelete(info, COMPANY_WRITES, id))


async def contact_restore(info: Ctx, id: strawberry.ID) -> Contact:
    return cast(Contact, await record_writes.undelete(info, CONTACT_WRITES, id))


query_fields = {
    "companies": strawberry.field(companies, description="Companies the caller may see"),
    "contacts": strawberry.field(contacts, description="Contacts the caller may see"),
}
mutation_fields = {
    "company_create": strawberry.mutation(company_create),
    "company_update": strawberry.mutation(company_update),
    "company_delete": strawberry.mutation(company_delete, description="Soft delete"),
    "contact_create": strawberry.mutation(contact_create),
    "contact_update": strawberry.mutation(contact_update),
    "contact_delete": strawberry.mutation(contact_delete, description="Soft delete"),
    "company_restore": strawberry.mutation(
        company_restore, description="Undo a soft delete (needs the delete operation)"
    ),
    "contact_restore": strawberry.mutation(
        contact_restore, description="Undo a soft delete (needs the delete operation)"
    ),
}
