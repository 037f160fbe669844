"""Invoices (and credit notes) and payments (models/invoices.py). Nothing of an invoice is
writable: it is issued from an order or a deal and never edited (its operations: create =
issue, update = cancel with a credit note, no delete). Payments are written once as well, with
their invoice's owner and department (their row scope)."""

from __future__ import annotations

from models.documents import SalesOrder
from models.invoices import KINDS, PAYMENT, REFUND, Invoice, Payment
from models.records.customers import COMPANY_REF, CONTACT_REF
from models.records.declaration import DEPARTMENT, USER, Field, RecordType, Ref
from models.records.documents import DEAL_REF, total_field

ORDER_REF = Ref("Order", "order", SalesOrder, scoped=True)
INVOICE_REF = Ref("Invoice", "invoice", Invoice, scoped=True)
STATUSES = ("open", "partly_paid", "paid", "overdue", "cancelled", "credit_note")


def _fixed(name: str, column: str, type: str = "text", **more: object) -> Field:
    return Field(name, column, type, writable=False, **more)  # type: ignore[arg-type]


INVOICE = RecordType(
    "invoice",
    "Invoice",
    Invoice,
    (
        _fixed("code", "code", filter="iexact", sort=True, search=True),
        _fixed("kind", "kind", choices=KINDS, filter="eq"),
        # Computed from the balance, the due date and the clock.
        Field("status", None, "computed", writable=False, events=("paid", "credited"), plain=False),
        _fixed("deal", "deal_id", "ref", ref=DEAL_REF, filter="ref", plain=False),
        _fixed("order", "order_id", "ref", ref=ORDER_REF, filter="ref", plain=False),
        _fixed("contact", "contact_id", "ref", ref=CONTACT_REF, filter="ref", plain=False),
        _fixed("company", "company_id", "ref", ref=COMPANY_REF, filter="ref", plain=False),
        _fixed("cancels", "cancels_id", "ref", ref=INVOICE_REF, plain=False),
        _fixed("currency", "currency", filter="eq"),
        _fixed("issuedOn", "issued_on", "date", filter="range", sort=True),
        _fixed("dueOn", "due_on", "date", filter="range", sort=True),
        _fixed("paymentTermsDays", "payment_terms_days", "int"),
        total_field("net"),
        total_field("tax"),
        total_field("total", filter="range"),
        Field("taxLines", None, "computed", writable=False, events=("tax_lines",), plain=False),
        total_field("paid"),
        total_field("credited"),
        Field(
            "balance",
            None,
            "computed",
            writable=False,
            events=("total", "paid", "credited"),
            plain=False,
        ),
        total_field("cost", sensitive=True),
        Field(
            "margin",
            None,
            "computed",
            sensitive=True,
            writable=False,
            reveals=("net", "cost"),
            events=("net", "cost"),
            plain=False,
        ),
        Field(
            "lines", None, "computed", writable=False, events=("lines",), export=False, plain=False
        ),
    ),
    operations=("create", "read", "update", "export"),
)

PAYMENT_RECORD = RecordType(
    "payment",
    "Payment",
    Payment,
    (
        _fixed("invoice", "invoice_id", "ref", ref=INVOICE_REF, filter="ref", plain=False),
        _fixed("kind", "kind", choices=(PAYMENT, REFUND), filter="eq"),
        total_field("amount"),
        _fixed("currency", "currency", filter="eq"),
        _fixed("paidOn", "paid_on", "date", filter="range", sort=True),
        _fixed("reference", "reference", search=True),
        # Copied from the invoice, never set by a client.
        _fixed("owner", "owner_id", "ref", ref=USER, filter="ref", plain=False),
        _fixed("department", "department_id", "ref", ref=DEPARTMENT, filter="ref", plain=False),
    ),
    operations=("create", "read", "export"),
    # Owned through its invoice: owner and department are copied from it when recorded, so
    # a payment is in a role's row scope exactly when its invoice is.
    default_sort=(("paidOn", "DESC"),),
)
