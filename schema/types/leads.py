"""Leads as the API shows them, with their filter, sort and inputs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import UNSET
from strawberry.types import Info

from models.contact import Contact as ContactModel
from models.lead import Lead as LeadModel
from models.records import DECLARED
from resolvers import records
from resolvers.context import RequestContext
from schema.declared import create_input, list_inputs, update_input
from schema.permission import record_type
from schema.types.customers import Company, Contact, department, owner
from schema.types.node import Node

if TYPE_CHECKING:
    from schema.types.sales import Deal

DealRef = Annotated["Deal", strawberry.lazy("schema.types.sales")]
Ctx = Info[RequestContext, None]
Text = str | None


@record_type("lead", LeadModel)
class Lead(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner)
    department = strawberry.field(department)

    @strawberry.field(description="The contact this lead became")
    async def contact(self, root: strawberry.Parent[LeadModel], info: Ctx) -> Contact | None:
        return await records.related(info, "contact", ContactModel, root.contact_id)


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


# Derived from the declaration (models/records/work.py, schema/declared.py).
if TYPE_CHECKING:
    LeadFilter = Any
    LeadOrder = Any
    LeadCreateInput = Any
    LeadUpdateInput = Any
else:
    LeadFilter, LeadSortField, LeadOrder = list_inputs(DECLARED["lead"])
    LeadCreateInput = create_input(DECLARED["lead"], "LeadCreateInput")
    LeadUpdateInput = update_input(DECLARED["lead"], "LeadUpdateInput")
