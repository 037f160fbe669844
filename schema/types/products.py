"""Products and a deal's line items."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry.types import Info

from models.product import DealLineItem as LineItemModel
from models.product import Product as ProductModel
from resolvers import records
from resolvers.api.money import Money
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.node import Node

Ctx = Info[RequestContext, None]


@record_type("product", ProductModel)
class Product(Node):
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="List price")
    def price(self, root: strawberry.Parent[ProductModel]) -> Money | None:
        return Money(amount=root.price, currency=root.currency)

    @strawberry.field(description="What one unit costs the company")
    def cost(self, root: strawberry.Parent[ProductModel]) -> Money | None:
        return Money(amount=root.cost, currency=root.currency)


@strawberry.type(description="One line of a deal: a product, how many, at what price")
class LineItem:
    # Read under the deal's lineItems permission (the field guard on Deal.lineItems).
    _row: strawberry.Private[LineItemModel]
    _currency: strawberry.Private[str]

    @strawberry.field
    def quantity(self) -> Decimal:
        return Decimal(self._row.quantity)

    @strawberry.field
    def unit_price(self) -> Money:
        return Money(amount=self._row.unit_price, currency=self._currency)

    @strawberry.field(description="Percent off the line")
    def discount(self) -> Decimal:
        return Decimal(self._row.discount)

    @strawberry.field(description="quantity x unitPrice, less the discount")
    def total(self) -> Money:
        return Money(amount=self._row.total, currency=self._currency)

    @strawberry.field(description="The product, if the caller may see products")
    async def product(self, info: Ctx) -> Product | None:
        row = await info.context.loaders.of(ProductModel).load(self._row.product_id)
        return row if info.context.access("product").visible(row) else None


records.register("Product", "product", ProductModel)
