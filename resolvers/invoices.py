"""Invoices and payments: issue (from an order or a deal), cancel (a credit note), record a
payment or refund, list them, and the receivables report."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from models.deal import Deal as DealModel
from models.document_lines import from_deal, of_document
from models.documents import OrderLine, SalesOrder
from models.errors import BadInput, Forbidden, NotFound
from models.global_ids import from_global_id
from models.invoice_actions import cancel_invoice, issue_invoice
from models.invoices import Invoice, Payment
from models.payments import record_payment
from models.receivables import Receivables, receivables
from models.records import DECLARED
from resolvers import document_mail, lists, records
from resolvers.api.invoice_inputs import (
    InvoiceFilter,
    InvoiceIssueInput,
    InvoiceOrder,
    PaymentFilter,
    PaymentOrder,
    PaymentRecordInput,
)
from resolvers.compiled import reads as compiled_reads
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext
from resolvers.list_specs import declared_list
from resolvers.pages import Page
from resolvers.quotes import landing

Ctx = Info[RequestContext, None]
INVOICES = declared_list(DECLARED["invoice"])
PAYMENTS = declared_list(DECLARED["payment"])
PARTIES = ("deal_id", "contact_id", "company_id", "currency", "owner_id", "department_id")


async def invoices(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: InvoiceFilter | None = None,
    order_by: list[InvoiceOrder] | None = None,
) -> Page[Invoice] | Compiled:
    return await compiled_reads.page(
        info,
        INVOICES,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def payments(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: PaymentFilter | None = None,
    order_by: list[PaymentOrder] | None = None,
) -> Page[Payment] | Compiled:
    return await compiled_reads.page(
        info,
        PAYMENTS,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def invoice_issue(info: Ctx, input: InvoiceIssueInput) -> Invoice:
    access = info.context.access("invoice")
    access.require("create")
    if (input.order_id is None) == (input.deal_id is None):
        raise BadInput("Give an order or a deal", field="orderId")
    source: SalesOrder | DealModel
    values: dict[str, Any] = {}
    if input.order_id is not None:
        pk = from_global_id(input.order_id, "Order", field="orderId")
        source = await records.load(info, "order", SalesOrder, pk)
        lines = await of_document(OrderLine, order_id=pk)
        values["order_id"] = pk
    else:
        pk = from_global_id(str(input.deal_id), "Deal", field="dealId")
        source = await records.load(info, "deal", DealModel, pk)
        if not access.of("deal").can_read("lineItems"):
            raise BadInput("You may not read this deal's line items", field="dealId")
        lines = await from_deal(pk, input.tax_rate)
    values |= {c: getattr(source, c, None) for c in PARTIES}
    values["deal_id"] = values["deal_id"] if input.order_id is not None else pk
    values["payment_terms_days"] = input.payment_terms_days
    return await issue_invoice(values, lines, check=landing(access), actor_id=access.user_id)


async def invoice_cancel(info: Ctx, id: strawberry.ID) -> Invoice:
    """Returns the credit note."""
    access = info.context.access("invoice")
    access.require("update")
    pk = from_global_id(id, "Invoice")
    return await cancel_invoice(
        pk,
        check=lambda row: access.require_writable_record(row, "update"),
        actor_id=access.user_id,
    )


async def invoice_send(info: Ctx, id: strawberry.ID) -> Invoice:
    """E-mail the invoice (or credit note) as PDF to its contact; NOT_FOUND outside the
    caller's scope, BAD_USER_INPUT (reason NO_RECIPIENT) without an address to send to."""
    access = info.context.access("invoice")
    access.require("update")
    row = await Invoice.get_or_none(pk=from_global_id(id, "Invoice"))
    if row is None or not access.visible(row):
        raise NotFound("No such invoice")
    access.require_writable_record(row, "update")
    to = await document_mail.recipient(access, row)
    if to is None:
        raise document_mail.NoRecipient()
    await document_mail.send(info, access, "Invoice", row, to)
    return row


async def payment_record(info: Ctx, input: PaymentRecordInput) -> Payment:
    access = info.context.access("payment")
    access.require("create")
    invoices_access = access.of("invoice")
    pk = from_global_id(input.invoice_id, "Invoice", field="invoiceId")
    if len(input.reference) > 255:
        raise BadInput("At most 255 characters", field="reference")

    def check(row: Invoice) -> None:
        if not invoices_access.visible(row):
            raise BadInput("No such invoice", field="invoiceId")
        # The payment takes the invoice's owner and department: it must land in the caller's
        # payment write scope.
        if not access.in_scope(row, "write"):
            raise Forbidden("This invoice's payments are outside your write scope")

    return await record_payment(
        pk,
        input.kind.value,
        input.amount,
        input.paid_on,
        input.reference,
        check=check,
        actor_id=access.user_id,
    )


async def receivables_report(info: Ctx) -> Receivables:
    access = info.context.access("invoice")
    # Debt is the balance of every invoice: the report needs the amounts readable.
    for field in ("total", "paid", "credited", "balance"):
        access.require_read(field)
    rows = await access.rows(Invoice, Q(kind="invoice", credited=0))
    return await receivables(rows)
