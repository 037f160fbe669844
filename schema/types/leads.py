"""Leads as the API shows them, with their filter, sort and inputs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import UNSET
from strawberry.types import Info

from models.contact import Contact as ContactModel
from models.lead import Lead as LeadModel
from resolvers import records
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.connection import SortDirection
from schema.types.customers import Company, Contact, department, owner
from schema.types.node import Node

if TYPE_CHECKING:
    from schema.types.sales import Deal

DealRef = Annotated["Deal", strawberry.lazy("schema.types.sales")]
Ctx = Info[RequestContext, None]
Text = str | None


@record_type("lead", LeadModel)
class Lead(Node):
    name: str | None
    company_name: str | None
    email: str | None
    phone: str | None
    comment: str | None
    source: str | None
    status: str | None = strawberry.field(
        description="new, contacted, qualified, disqualified; converted once converted"
    )
    converted_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner)
    department = strawberry.field(department)

    @strawberry.field(description="The contact this lead became")
    async def contact(self, root: strawberry.Parent[LeadModel], info: Ctx) -> Contact | None:
        return await records.related(info, "contact", ContactModel, root.contact_id)


@strawberry.input
class LeadFilter:
    search: str | None = strawberry.field(default=None, description="Name, company, e-mail")
    status: str | None = None
    source: str | None = None
    owner_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = None
    created_after: datetime | None = None


@strawberry.enum
class LeadSortField(Enum):
    NAME = "name"
    STATUS = "status"
    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"


@strawberry.input
class LeadOrder:
    field: LeadSortField
    direction: SortDirection = SortDirection.ASC


@strawberry.input
class LeadCreateInput:
    name: str
    company_name: Text = UNSET
    email: Text = UNSET
    phone: Text = UNSET
    comment: Text = UNSET
    source: Text = UNSET
    status: Text = UNSET
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET


@strawberry.input
class LeadUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    name: Text = UNSET
    company_name: Text = UNSET
    email: Text = UNSET
    phone: Text = UNSET
    comment: Text = UNSET
    source: Text = UNSET
    status: Text = UNSET
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET


@strawberry.input
class DealDraftInput:
    stage_id: strawberry.ID
    title: str
    amount: Decimal | None = UNSET


@strawberry.input
class LeadConvertInput:
    id: strawberry.ID
    expected_version: int | None = None
    create_company: bool = strawberry.field(
        default=False, description="Also create a company named after the lead's companyName"
    )
    create_deal: DealDraftInput | None = None


@strawberry.type(description="What a converted lead became")
class LeadConvertPayload:
    lead: Lead
    contact: Contact
    company: Company | None
    deal: DealRef | None

    @staticmethod
    def of(lead: Any, contact: Any, company: Any, deal: Any) -> LeadConvertPayload:
        return LeadConvertPayload(lead=lead, contact=contact, company=company, deal=deal)


records.register("Lead", "lead", LeadModel)
