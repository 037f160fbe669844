"""Companies and contacts: lists, creation, changes, deletion."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from models.company import Company as CompanyModel
from models.contact import Contact as ContactModel
from models.department import Department as DepartmentModel
from models.records import DECLARED
from models.user import User as UserModel
from resolvers import list_specs, lists, record_writes
from resolvers.api.customer_inputs import (
    CompanyCreateInput,
    CompanyUpdateInput,
    ContactCreateInput,
    ContactUpdateInput,
)
from resolvers.api.filters import CompanyFilter, CompanyOrder, ContactFilter, ContactOrder
from resolvers.compiled import reads as compiled_reads
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext
from resolvers.pages import Page
from resolvers.record_writes import Column

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


COMPANY_WRITES = record_writes.declared(
    DECLARED["company"],
)

CONTACT_WRITES = record_writes.declared(
    DECLARED["contact"],
)


async def companies(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: CompanyFilter | None = None,
    order_by: list[CompanyOrder] | None = None,
) -> Page[CompanyModel] | Compiled:
    return await compiled_reads.page(
        info,
        list_specs.COMPANIES,
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
) -> Page[ContactModel] | Compiled:
    return await compiled_reads.page(
        info,
        list_specs.CONTACTS,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def company_create(info: Ctx, input: CompanyCreateInput) -> CompanyModel:
    return await record_writes.create(info, COMPANY_WRITES, input)


async def company_update(info: Ctx, input: CompanyUpdateInput) -> CompanyModel:
    return await record_writes.update(info, COMPANY_WRITES, input)


async def company_delete(info: Ctx, id: strawberry.ID) -> bool:
    return await record_writes.delete(info, COMPANY_WRITES, id)


async def contact_create(info: Ctx, input: ContactCreateInput) -> ContactModel:
    return await record_writes.create(info, CONTACT_WRITES, input)


async def contact_update(info: Ctx, input: ContactUpdateInput) -> ContactModel:
    return await record_writes.update(info, CONTACT_WRITES, input)


async def contact_delete(info: Ctx, id: strawberry.ID) -> bool:
    return await record_writes.delete(info, CONTACT_WRITES, id)


async def company_restore(info: Ctx, id: strawberry.ID) -> CompanyModel:
    return await record_writes.undelete(info, COMPANY_WRITES, id)


async def contact_restore(info: Ctx, id: strawberry.ID) -> ContactModel:
    return await record_writes.undelete(info, CONTACT_WRITES, id)
