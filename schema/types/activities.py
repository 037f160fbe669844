"""Activities (interactions) as each role may see them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from models.activity import Activity as ActivityModel
from models.company import Company as CompanyModel
from models.contact import Contact as ContactModel
from models.deal import Deal as DealModel
from resolvers import records
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.customers import Company, Contact, department, owner
from schema.types.node import Node

if TYPE_CHECKING:
    from schema.types.sales import Deal

DealRef = Annotated["Deal", strawberry.lazy("schema.types.sales")]
Ctx = Info[RequestContext, None]


@record_type("activity", ActivityModel)
class Activity(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner, description="The author")
    department = strawberry.field(department)

    @strawberry.field(description="Seconds")
    def duration(self, root: strawberry.Parent[ActivityModel]) -> int | None:
        return root.duration_seconds

    @strawberry.field
    @records.plain_relation("contact", ContactModel, "contact_id")
    def contact(self, root: strawberry.Parent[ActivityModel], info: Ctx) -> Contact | None:
        return records.related_now(info, "contact", ContactModel, root.contact_id)

    @strawberry.field
    @records.plain_relation("company", CompanyModel, "company_id")
    def company(self, root: strawberry.Parent[ActivityModel], info: Ctx) -> Company | None:
        return records.related_now(info, "company", CompanyModel, root.company_id)

    @strawberry.field
    @records.plain_relation("deal", DealModel, "deal_id")
    def deal(self, root: strawberry.Parent[ActivityModel], info: Ctx) -> DealRef | None:
        return records.related_now(info, "deal", DealModel, root.deal_id)


records.register("Activity", "activity", ActivityModel)
