"""The sales forecast as a viewer who may read deal amounts and probabilities sees it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from models.forecast import Bucket
from models.pipeline import Stage as StageModel
from models.user import User as UserModel
from resolvers import records
from resolvers.api.kinds import ForecastPeriod
from resolvers.api.money import Money
from resolvers.context import RequestContext
from schema.types.sales import Stage

if TYPE_CHECKING:
    from schema.types.accounts import User

UserRef = Annotated["User", strawberry.lazy("schema.types.accounts")]
Ctx = Info[RequestContext, None]


@strawberry.type(name="ForecastFigures")
class _Figures:
    @strawberry.field
    def currency(self, root: strawberry.Parent[Bucket]) -> str:
        return root.currency

    @strawberry.field(description="Number of deals")
    def count(self, root: strawberry.Parent[Bucket]) -> int:
        return root.count

    @strawberry.field(description="Total amount, in this currency only")
    def amount(self, root: strawberry.Parent[Bucket]) -> Money:
        return Money(amount=root.amount, currency=root.currency)


@strawberry.type(name="WeightedForecastFigures")
class _Weighted(_Figures):
    @strawberry.field(description="Sum of amount x probability (the deal's, else its stage's)")
    def weighted(self, root: strawberry.Parent[Bucket]) -> Money:
        return Money(amount=root.weighted, currency=root.currency)


@strawberry.type(description="Open deals of one stage, in one currency")
class StageForecast(_Weighted):
    @strawberry.field
    async def stage(self, root: strawberry.Parent[Bucket], info: Ctx) -> Stage | None:
        return await records.related(info, "pipeline", StageModel, root.key)


@strawberry.type(description="Open deals of one owner, in one currency")
class OwnerForecast(_Weighted):
    @strawberry.field(description="Null when unowned or not in the caller's user directory")
    async def owner(self, root: strawberry.Parent[Bucket], info: Ctx) -> UserRef | None:
        if root.key is None:
            return None
        row = await info.context.loaders.of(UserModel).load(root.key)
        return row if info.context.access("user").visible(row) else None


@strawberry.type(description="Open deals expected to close in one month, in one currency")
class MonthForecast(_Weighted):
    @strawberry.field(description="First day of the month; null for deals without a date")
    def month(self, root: strawberry.Parent[Bucket]) -> date | None:
        return root.key


@strawberry.type(description="Deals won in one period, in one currency")
class WonRevenue(_Figures):
    @strawberry.field(description="First day of the month or quarter")
    def period(self, root: strawberry.Parent[Bucket]) -> date:
        return root.key


@strawberry.type
class Forecast:
    by_stage: list[StageForecast]
    by_owner: list[OwnerForecast]
    by_month: list[MonthForecast] = strawberry.field(description="By month of expected close date")
    won_revenue: list[WonRevenue] = strawberry.field(description="By month or quarter of closing")
    period: ForecastPeriod
