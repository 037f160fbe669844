"""Invoices (and credit notes), payments and the receivables report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.types import Info

from models.company import Company as CompanyModel
from models.contact import Contact as ContactModel
from models.documents import SalesOrder
from models.invoice_actions import status
from models.invoices import Invoice as InvoiceModel
from models.invoices import InvoiceLine
from models.invoices import Payment as PaymentModel
from models.receivables import Debt as DebtValue
from resolvers import records
from resolvers.api.money import Money
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.customers import Company, Contact, department, owner
from schema.types.documents import (
    DocumentLine,
    Order,
    _company,
    _contact,
    _deal,
    _margin,
    _money,
    _tax_lines,
    shown,
)
from schema.types.node import Node

Ctx = Info[RequestContext, None]


@record_type("invoice", InvoiceModel)
class Invoice(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    owner = strawberry.field(owner)
    department = strawberry.field(department)
    net = _money("net")
    tax = _money("tax")
    total = _money("total")
    paid = _money("paid")
    credited = _money("credited")
    cost = _money("cost")
    margin = strawberry.field(_margin, description="Gross profit: net less cost")
    tax_lines = strawberry.field(_tax_lines, description="Totals per tax rate")
    deal = strawberry.field(_deal)
    contact = strawberry.field(_contact)
    company = strawberry.field(_company)

    @strawberry.field(description="total less credited less paid")
    def balance(self, root: strawberry.Parent[InvoiceModel]) -> Money | None:
        return shown(root.balance, root.currency)

    @strawberry.field(description="open, partly_paid, paid, overdue, cancelled; credit_note")
    def status(self, root: strawberry.Parent[InvoiceModel]) -> str | None:
        return status(root)

    @strawberry.field
    @records.plain_relation("order", SalesOrder, "order_id")
    def order(self, root: strawberry.Parent[InvoiceModel], info: Ctx) -> Order | None:
        return records.related_now(info, "order", SalesOrder, root.order_id)

    @strawberry.field(description="The invoice a credit note cancels")
    @records.plain_relation("invoice", InvoiceModel, "cancels_id")
    def cancels(self, root: strawberry.Parent[InvoiceModel], info: Ctx) -> Invoice | None:
        return records.related_now(info, "invoice", InvoiceModel, root.cancels_id)

    @strawberry.field
    async def lines(self, root: strawberry.Parent[InvoiceModel]) -> list[DocumentLine] | None:
        rows = await InvoiceLine.filter(invoice_id=root.pk).order_by("position")
        return [DocumentLine(_row=r, _currency=root.currency, _obj="invoice") for r in rows]


@record_type("payment", PaymentModel)
class Payment(Node):
    version: int
    created_at: datetime
    updated_at: datetime
    # The invoice's owner and department, copied when the payment was recorded (its row scope).
    owner = strawberry.field(owner)
    department = strawberry.field(department)

    @strawberry.field(description="Negative for a refund")
    def amount(self, root: strawberry.Parent[PaymentModel]) -> Money | None:
        return shown(root.amount, root.currency)

    @strawberry.field
    @records.plain_relation("invoice", InvoiceModel, "invoice_id")
    def invoice(self, root: strawberry.Parent[PaymentModel], info: Ctx) -> Invoice | None:
        return records.related_now(info, "invoice", InvoiceModel, root.invoice_id)


def _bucket(name: str, description: str | None = None) -> Any:
    def read(root: strawberry.Parent[DebtValue]) -> Money:
        return Money(amount=root.amounts[name], currency=root.currency)

    return strawberry.field(read, description=description)


async def _debtor_company(root: strawberry.Parent[DebtValue], info: Ctx) -> Company | None:
    if root.company_id is None:
        return None
    row = await info.context.loaders.of(CompanyModel).load(root.company_id)
    found: Company | None = row if info.context.access("company").visible(row) else None
    return found


async def _debtor_contact(root: strawberry.Parent[DebtValue], info: Ctx) -> Contact | None:
    if root.contact_id is None:
        return None
    row = await info.context.loaders.of(ContactModel).load(root.contact_id)
    found: Contact | None = row if info.context.access("contact").visible(row) else None
    return found


def _debt_total(root: strawberry.Parent[DebtValue]) -> Money:
    return Money(amount=root.total, currency=root.currency)


@strawberry.type(description="What one customer (or everyone) owes, by age past the due date")
class Debt:
    total = strawberry.field(_debt_total)
    current = _bucket("current", "Not yet due")
    days_1_to_30 = _bucket("days1To30")
    days_31_to_60 = _bucket("days31To60")
    days_61_to_90 = _bucket("days61To90")
    over_90 = _bucket("over90")
    overdue_invoices: int
    company = strawberry.field(_debtor_company, description="The customer, if you may see it")
    contact = strawberry.field(
        _debtor_contact, description="The customer contact (invoices without a company)"
    )


@strawberry.type(description="Open invoices' balances in the base currency, by customer and age")
class Receivables:
    currency: str
    as_of: date = strawberry.field(description="The day the ages are counted to")
    total: Debt
    customers: list[Debt] = strawberry.field(description="Largest debt first")


records.register("Invoice", "invoice", InvoiceModel)
records.register("Payment", "payment", PaymentModel)
