"""Leads as the API shows them, with their filter, sort and inputs."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from models.contact import Contact as ContactModel
from models.lead import Lead as LeadModel
from resolvers import records
from resolvers.context import RequestContext
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
    @records.plain_relation("contact", ContactModel, "contact_id")
    def contact(self, root: strawberry.Parent[LeadModel], info: Ctx) -> Contact | None:
        return records.related_now(info, "contact", ContactModel, root.contact_id)


@strawberry.type(description="What a converted lead became")
class LeadConvertPayload:
    lead: Lead
    contact: Contact
    company: Company | None
    deal: DealRef | None


records.register("Lead", "lead", LeadModel)
