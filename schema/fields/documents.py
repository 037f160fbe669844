"""Root fields of sales documents: quotes, orders, invoices, payments, receivables."""

from __future__ import annotations

import strawberry

from resolvers import invoices, orders, quotes
from schema.types.connection import Connection
from schema.types.documents import Order, Quote
from schema.types.invoices import Invoice, Payment, Receivables

DOCUMENTS_QUERY = {
    "quotes": strawberry.field(
        quotes.quotes, graphql_type=Connection[Quote], description="Quotes the caller may see"
    ),
    "orders": strawberry.field(
        orders.orders,
        graphql_type=Connection[Order],
        description="Orders the caller may see; a contact's or company's history by filter",
    ),
}

DOCUMENTS_MUTATION = {
    "quote_create": strawberry.mutation(quotes.quote_create, graphql_type=Quote),
    "quote_update": strawberry.mutation(quotes.quote_update, graphql_type=Quote),
    "quote_send": strawberry.mutation(
        quotes.quote_send,
        graphql_type=Quote,
        description="Mark a draft quote sent; when its contact has an e-mail address, mail it "
        "the quote as PDF (a document.send job; see mailLog)",
    ),
    "quote_accept": strawberry.mutation(
        quotes.quote_accept,
        graphql_type=Order,
        description="Accept a sent quote: returns the order it creates",
    ),
    "quote_reject": strawberry.mutation(quotes.quote_reject, graphql_type=Quote),
    "order_create": strawberry.mutation(orders.order_create, graphql_type=Order),
}

INVOICES_QUERY = {
    "invoices": strawberry.field(
        invoices.invoices,
        graphql_type=Connection[Invoice],
        description="Invoices and credit notes the caller may see",
    ),
    "payments": strawberry.field(
        invoices.payments, graphql_type=Connection[Payment], description="Payments and refunds"
    ),
    "receivables": strawberry.field(
        invoices.receivables_report,
        graphql_type=Receivables,
        description="Open balances by customer and age (current, 1-30, 31-60, 61-90, over 90 "
        "days past due) in the base currency, over the invoices the caller sees",
    ),
}

INVOICES_MUTATION = {
    "invoice_issue": strawberry.mutation(
        invoices.invoice_issue,
        graphql_type=Invoice,
        description="Issue an invoice from an order or a deal; numbered without gaps per year",
    ),
    "invoice_cancel": strawberry.mutation(
        invoices.invoice_cancel,
        graphql_type=Invoice,
        description="Cancel an issued invoice: returns the credit note that restores its balance",
    ),
    "invoice_send": strawberry.mutation(
        invoices.invoice_send,
        graphql_type=Invoice,
        description="E-mail an invoice or credit note as PDF to its contact (a document.send "
        "job; see mailLog); BAD_USER_INPUT with reason NO_RECIPIENT without an address",
    ),
    "payment_record": strawberry.mutation(
        invoices.payment_record,
        graphql_type=Payment,
        description="Record a payment or refund; more than the balance is refused (OVERPAYMENT)",
    ),
}
