"""Pipelines, their stages, and deals: the sales funnel as each role may see it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from models.company import Company as CompanyModel
from models.contact import Contact as ContactModel
from models.deal import Deal as DealModel
from models.department import Department as DepartmentModel
from models.pipeline import Pipeline as PipelineModel
from models.pipeline import Stage as StageModel
from resolvers import records
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.customers import Company, Contact, custom_of, department, owner
from schema.types.money import Money
from schema.types.node import Node

if TYPE_CHECKING:
    from schema.types.accounts import Department

DepartmentRef = Annotated["Department", strawberry.lazy("schema.types.accounts")]
Ctx = Info[RequestContext, None]


STAGE_FIELDS = ("name", "position", "probability", "isWon", "isLost", "color")


@record_type("pipeline", StageModel, type_name="Stage", relations=STAGE_FIELDS)
class Stage(Node):
    # A stage is part of its pipeline: readable with it, under the pipeline's permission.
    name: str
    position: int
    probability: int
    is_won: bool
    is_lost: bool
    color: str
    version: int
    created_at: datetime
    updated_at: datetime


@record_type("pipeline", PipelineModel)
class Pipeline(Node):
    name: str | None
    position: int | None
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field
    async def department(
        self, root: strawberry.Parent[PipelineModel], info: Ctx
    ) -> DepartmentRef | None:
        return await records.related(info, "department", DepartmentModel, root.department_id)

    @strawberry.field
    async def stages(self, root: strawberry.Parent[PipelineModel]) -> list[Stage] | None:
        return list(await StageModel.filter(pipeline_id=root.id).order_by("position"))  # type: ignore[arg-type]


@record_type("deal", DealModel, relations=("custom",))
class Deal(Node):
    title: str | None
    position: int | None
    probability: int | None
    expected_close: date | None
    status: str | None
    lost_reason: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner)
    department = strawberry.field(department)
    custom = custom_of("deal")

    @strawberry.field
    def amount(self, root: strawberry.Parent[DealModel]) -> Money | None:
        return Money(amount=root.amount, currency=root.currency)

    @strawberry.field
    def cost(self, root: strawberry.Parent[DealModel]) -> Money | None:
        return Money(amount=root.cost, currency=root.currency)

    @strawberry.field(description="Amount minus cost")
    def margin(self, root: strawberry.Parent[DealModel]) -> Money | None:
        return Money(amount=root.amount - root.cost, currency=root.currency)

    @strawberry.field
    async def pipeline(self, root: strawberry.Parent[DealModel], info: Ctx) -> Pipeline | None:
        return await records.related(info, "pipeline", PipelineModel, root.pipeline_id)

    @strawberry.field
    async def stage(self, root: strawberry.Parent[DealModel], info: Ctx) -> Stage | None:
        return await records.related(info, "pipeline", StageModel, root.stage_id)

    @strawberry.field
    async def contact(self, root: strawberry.Parent[DealModel], info: Ctx) -> Contact | None:
        return await records.related(info, "contact", ContactModel, root.contact_id)

    @strawberry.field
    async def company(self, root: strawberry.Parent[DealModel], info: Ctx) -> Company | None:
        return await records.related(info, "company", CompanyModel, root.company_id)


records.register("Pipeline", "pipeline", PipelineModel)
records.register("Stage", "pipeline", StageModel)
records.register("Deal", "deal", DealModel)
