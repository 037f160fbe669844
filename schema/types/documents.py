"""Quotes and orders: stored totals as Money in the document's currency, totals per tax rate,
lines (a line's unit cost only for those who may read the document's cost)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from models.company import Company as CompanyModel
from models.contact import Contact as ContactModel
from models.deal import Deal as DealModel
from models.document_totals import tax_lines
from models.documents import DocumentLine as LineModel
from models.documents import OrderLine, QuoteLine, SalesOrder
from models.documents import Quote as QuoteModel
from models.money import round_money
from models.product import Product as ProductModel
from models.quotes import shown_status
from resolvers import records
from resolvers.api.money import Money
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.customers import Company, Contact, department, owner
from schema.types.node import Node
from schema.types.products import Product
from schema.types.sales import Deal

Ctx = Info[RequestContext, None]


def shown(amount: Any, currency: str) -> Money:
    """A stored amount in its currency's minor units (columns keep three decimals for all)."""
    return Money(amount=round_money(Decimal(amount), currency), currency=currency)


@strawberry.type(description="The lines of one tax rate: their net and the tax on it")
class TaxLine:
    rate: Decimal
    net: Money
    tax: Money


@strawberry.type(description="One line of a quote or order")
class DocumentLine:
    _row: strawberry.Private[LineModel]
    _currency: strawberry.Private[str]
    _obj: strawberry.Private[str]

    @strawberry.field
    def quantity(self) -> Decimal:
        return Decimal(self._row.quantity)

    @strawberry.field
    def unit_price(self) -> Money:
        return shown(self._row.unit_price, self._currency)

    @strawberry.field(description="Percent off the line")
    def discount(self) -> Decimal:
        return Decimal(self._row.discount)

    @strawberry.field(description="Tax rate in percent")
    def tax_rate(self) -> Decimal:
        return Decimal(self._row.tax_rate)

    @strawberry.field(description="quantity x unitPrice less the discount, before tax")
    def net(self) -> Money:
        return shown(self._row.net, self._currency)

    @strawberry.field(
        description="The product's cost when the line was written; null unless "
        "you may read the document's cost"
    )
    def unit_cost(self, info: Ctx) -> Money | None:
        if not info.context.access(self._obj).can_read("cost"):
            return None
        return shown(self._row.unit_cost, self._currency)

    @strawberry.field(description="The product, if the caller may see products")
    async def product(self, info: Ctx) -> Product | None:
        row = await info.context.loaders.of(ProductModel).load(self._row.product_id)
        return row if info.context.access("product").visible(row) else None


def _money(column: str) -> Any:
    def read(self: Any, root: strawberry.Parent[Any]) -> Money | None:
        return shown(getattr(root, column), root.currency)

    return strawberry.field(read)


def _margin(self: Any, root: strawberry.Parent[Any]) -> Money | None:
    return shown(Decimal(root.net) - Decimal(root.cost), root.currency)


def _tax_lines(self: Any, root: strawberry.Parent[Any]) -> list[TaxLine] | None:
    return [
        TaxLine(
            rate=Decimal(t["rate"]),
            net=shown(t["net"], root.currency),
            tax=shown(t["tax"], root.currency),
        )
        for t in tax_lines(root.tax_lines)
    ]


@records.plain_relation("deal", DealModel, "deal_id")
def _deal(self: Any, root: strawberry.Parent[Any], info: Ctx) -> Deal | None:
    return records.related_now(info, "deal", DealModel, root.deal_id)


@records.plain_relation("contact", ContactModel, "contact_id")
def _contact(self: Any, root: strawberry.Parent[Any], info: Ctx) -> Contact | None:
    return records.related_now(info, "contact", ContactModel, root.contact_id)


@records.plain_relation("company", CompanyModel, "company_id")
def _company(self: Any, root: strawberry.Parent[Any], info: Ctx) -> Company | None:
    return records.related_now(info, "company", CompanyModel, root.company_id)


@record_type("quote", QuoteModel)
class Quote(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner)
    department = strawberry.field(department)
    net = _money("net")
    tax = _money("tax")
    total = _money("total")
    cost = _money("cost")
    margin = strawberry.field(_margin, description="Gross profit: net less cost")
    tax_lines = strawberry.field(_tax_lines, description="Totals per tax rate")
    deal = strawberry.field(_deal)
    contact = strawberry.field(_contact)
    company = strawberry.field(_company)

    @strawberry.field(description="draft, sent, accepted, rejected; expired past validUntil")
    def status(self, root: strawberry.Parent[QuoteModel]) -> str | None:
        return shown_status(root)

    @strawberry.field
    async def lines(self, root: strawberry.Parent[QuoteModel]) -> list[DocumentLine] | None:
        rows = await QuoteLine.filter(quote_id=root.pk).order_by("position")
        return [DocumentLine(_row=r, _currency=root.currency, _obj="quote") for r in rows]


@record_type("order", SalesOrder)
class Order(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner)
    department = strawberry.field(department)
    net = _money("net")
    tax = _money("tax")
    total = _money("total")
    cost = _money("cost")
    margin = strawberry.field(_margin, description="Gross profit: net less cost")
    tax_lines = strawberry.field(_tax_lines, description="Totals per tax rate")
    deal = strawberry.field(_deal)
    contact = strawberry.field(_contact)
    company = strawberry.field(_company)

    @strawberry.field(description="open, fulfilled, cancelled")
    def status(self, root: strawberry.Parent[SalesOrder]) -> str | None:
        return root.status

    @strawberry.field(description="The accepted quote it came from")
    @records.plain_relation("quote", QuoteModel, "quote_id")
    def quote(self, root: strawberry.Parent[SalesOrder], info: Ctx) -> Quote | None:
        return records.related_now(info, "quote", QuoteModel, root.quote_id)

    @strawberry.field
    async def lines(self, root: strawberry.Parent[SalesOrder]) -> list[DocumentLine] | None:
        rows = await OrderLine.filter(order_id=root.pk).order_by("position")
        return [DocumentLine(_row=r, _currency=root.currency, _obj="order") for r in rows]


records.register("Quote", "quote", QuoteModel)
records.register("Order", "order", SalesOrder)
