"""Pipelines, their stages, and deals: the sales funnel as each role may see it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from models.company import Company as CompanyModel
from models.contact import Contact as ContactModel
from models.deal import Deal as DealModel
from models.deal_history import DealStageChange as StageChangeModel
from models.department import Department as DepartmentModel
from models.pipeline import Pipeline as PipelineModel
from models.pipeline import Stage as StageModel
from models.user import User as UserModel
from resolvers import activities, board, list_specs, records
from resolvers.api.filters import DealFilter, DealOrder
from resolvers.api.money import Money
from resolvers.compiled import many
from resolvers.compiled.plan import money_as_stored
from resolvers.context import RequestContext
from resolvers.pages import Page
from schema.permission import record_type
from schema.types.connection import Connection
from schema.types.customers import Company, Contact, custom_of, department, owner, tags
from schema.types.node import Node
from schema.types.products import LineItem

if TYPE_CHECKING:
    from schema.types.accounts import Department, User
    from schema.types.activities import Activity

DepartmentRef = Annotated["Department", strawberry.lazy("schema.types.accounts")]
UserRef = Annotated["User", strawberry.lazy("schema.types.accounts")]
ActivityRef = Annotated["Activity", strawberry.lazy("schema.types.activities")]
Ctx = Info[RequestContext, None]
# Defined below in this module; named lazily where a decorator needs it first.
DealRef = Annotated["Deal", strawberry.lazy("schema.types.sales")]


STAGE_FIELDS = ("name", "position", "probability", "isWon", "isLost", "color", "deals")


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

    @strawberry.field(
        description="The column: deals in this stage the caller may see",
        graphql_type=Connection[DealRef],
    )
    @many.grouped_pages(list_specs.DEALS, "stage_id", board.COLUMN_ORDER)
    async def deals(
        self,
        root: strawberry.Parent[StageModel],
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: DealFilter | None = None,
        order_by: list[DealOrder] | None = None,
    ) -> Page[Any]:
        return await board.stage_deals(info, root.id, first, after, last, before, filter, order_by)


@record_type("pipeline", PipelineModel)
class Pipeline(Node):
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field
    async def department(
        self, root: strawberry.Parent[PipelineModel], info: Ctx
    ) -> DepartmentRef | None:
        return await records.related(info, "department", DepartmentModel, root.department_id)

    @strawberry.field
    @many.children("pipeline", StageModel, "pipeline_id", ("position", "id"))
    async def stages(self, root: strawberry.Parent[PipelineModel], info: Ctx) -> list[Stage] | None:
        return await board.stages_of(info, root.id)


@record_type("deal", DealModel, relations=("custom",))
class Deal(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner)
    department = strawberry.field(department)
    tags = strawberry.field(tags)
    custom = custom_of("deal")

    @strawberry.field
    @money_as_stored
    def amount(self, root: strawberry.Parent[DealModel]) -> Money | None:
        return Money(amount=root.amount, currency=root.currency)

    @strawberry.field
    @money_as_stored
    def cost(self, root: strawberry.Parent[DealModel]) -> Money | None:
        return Money(amount=root.cost, currency=root.currency)

    @strawberry.field(description="Amount minus cost")
    def margin(self, root: strawberry.Parent[DealModel]) -> Money | None:
        return Money(amount=root.amount - root.cost, currency=root.currency)

    @strawberry.field
    @records.plain_relation("pipeline", PipelineModel, "pipeline_id")
    def pipeline(self, root: strawberry.Parent[DealModel], info: Ctx) -> Pipeline | None:
        return records.related_now(info, "pipeline", PipelineModel, root.pipeline_id)

    @strawberry.field
    @records.plain_relation("pipeline", StageModel, "stage_id")
    def stage(self, root: strawberry.Parent[DealModel], info: Ctx) -> Stage | None:
        return records.related_now(info, "pipeline", StageModel, root.stage_id)

    @strawberry.field
    @records.plain_relation("contact", ContactModel, "contact_id")
    def contact(self, root: strawberry.Parent[DealModel], info: Ctx) -> Contact | None:
        return records.related_now(info, "contact", ContactModel, root.contact_id)

    @strawberry.field
    @records.plain_relation("company", CompanyModel, "company_id")
    def company(self, root: strawberry.Parent[DealModel], info: Ctx) -> Company | None:
        return records.related_now(info, "company", CompanyModel, root.company_id)

    @strawberry.field(description="The newest interaction with this deal the caller may see")
    @many.newest(list_specs.ACTIVITIES, "deal_id", activities.NEWEST_FIRST)
    async def last_activity(
        self, root: strawberry.Parent[DealModel], info: Ctx
    ) -> ActivityRef | None:
        return await activities.last_activity(info, "deal_id", root.id)

    @strawberry.field(description="What is sold: products, quantities, prices")
    async def line_items(
        self, root: strawberry.Parent[DealModel], info: Ctx
    ) -> list[LineItem] | None:
        rows = await board.line_items(info, root.id)
        return [LineItem(_row=row, _currency=root.currency) for row in rows]

    @strawberry.field(description="Stage changes (dealMove, dealUpdate, automation), oldest first")
    async def stage_history(
        self, root: strawberry.Parent[DealModel], info: Ctx
    ) -> list[StageChange] | None:
        return [StageChange(_row=row) for row in await board.stage_history(info, root.id)]


@strawberry.type(description="One move of a deal from a stage to another")
class StageChange:
    _row: strawberry.Private[StageChangeModel]

    @strawberry.field
    def at(self) -> datetime:
        return self._row.at

    @strawberry.field(description="How long the deal had been in the stage it left")
    def seconds_in_previous_stage(self) -> int:
        return self._row.seconds_in_previous

    @strawberry.field
    async def from_stage(self, info: Ctx) -> Stage | None:
        return await records.related(info, "pipeline", StageModel, self._row.from_stage_id)

    @strawberry.field
    async def to_stage(self, info: Ctx) -> Stage | None:
        return await records.related(info, "pipeline", StageModel, self._row.to_stage_id)

    @strawberry.field(description="Who moved it, if the caller may see them")
    async def by(self, info: Ctx) -> UserRef | None:
        if self._row.by_id is None:
            return None
        row = await info.context.loaders.of(UserModel).load(self._row.by_id)
        return row if info.context.access("user").visible(row) else None


records.register("Pipeline", "pipeline", PipelineModel)
records.register("Stage", "pipeline", StageModel)
records.register("Deal", "deal", DealModel)
