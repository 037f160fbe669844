"""What a document prints, as plain values: read from the database through the caller's access.

The file formats (``pdf.py``, ``xlsx.py``) print this and nothing else, so what a role may not
read is decided once, here, by the same policy as the GraphQL fields: cost and margin (and each
line's cost) only when ``access.can_read("cost")`` / ``can_read("margin")``; the customer's
name and address only when the caller may see that contact or company and read those fields.
A record outside the caller's read scope is NOT_FOUND, the answer for a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from models.access.records import RecordAccess
from models.branding import Branding, branding
from models.company import Company
from models.contact import Contact
from models.document_totals import tax_lines
from models.documents import OrderLine, Quote, QuoteLine, SalesOrder
from models.errors import NotFound
from models.global_ids import parse_global_id
from models.invoices import CREDIT_NOTE, Invoice, InvoiceLine
from models.product import Product

LANGUAGES = ("en", "es", "fr")
# The GraphQL type name of a global id -> (catalogue object, model, line model, line key).
KINDS: dict[str, tuple[str, Any, Any, str]] = {
    "Quote": ("quote", Quote, QuoteLine, "quote_id"),
    "Order": ("order", SalesOrder, OrderLine, "order_id"),
    "Invoice": ("invoice", Invoice, InvoiceLine, "invoice_id"),
}


@dataclass(frozen=True, slots=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    tax_rate: Decimal
    net: Decimal
    # None when the caller may not read the document's cost.
    unit_cost: Decimal | None


@dataclass(frozen=True, slots=True)
class TaxTotal:
    rate: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True, slots=True)
class DocumentContent:
    kind: str  # quote, order, invoice, credit_note
    number: str
    language: str
    currency: str
    issued_on: date
    branding: Branding
    customer: list[str]
    # Empty, or None, for what the caller may not read (lines, taxLines, net, tax, total).
    lines: list[Line]
    tax_totals: list[TaxTotal]
    net: Decimal | None
    tax: Decimal | None
    total: Decimal | None
    due_on: date | None = None
    valid_until: date | None = None
    cancels: str | None = None
    # None when the caller may not read them.
    cost: Decimal | None = None
    margin: Decimal | None = None

    @property
    def filename(self) -> str:
        return self.number.replace("/", "-")


def language_of(tag: str | None) -> str:
    """en, es or fr from a contact's language tag (``es``, ``es-ES``, ``fr_CA``); else en."""
    base = (tag or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else "en"


def document_kind(global_id: str) -> tuple[str, int]:
    """(GraphQL type name, key) of a document's global id; NOT_FOUND for anything else."""
    parsed = parse_global_id(global_id)
    if parsed is None or parsed[0] not in KINDS:
        raise NotFound("No such document")
    return parsed


def number_of(kind: str, row: Any) -> str:
    if kind == "Invoice":
        return str(row.code)
    prefix = "Q" if kind == "Quote" else "SO"
    revision = f"-R{row.revision}" if kind == "Quote" and row.revision > 1 else ""
    return f"{prefix}-{row.issued_on.year}-{row.pk:06d}{revision}"


async def _customer(access: RecordAccess, row: Any) -> tuple[list[str], str | None]:
    """The address block the caller may read, and the contact's language tag."""
    lines: list[str] = []
    language = None
    contact = await Contact.get_or_none(pk=row.contact_id) if row.contact_id else None
    company = await Company.get_or_none(pk=row.company_id) if row.company_id else None
    if company is not None and access.of("company").visible(company):
        readable = access.of("company")
        if readable.can_read("name"):
            lines.append(company.name)
        if company.address and readable.can_read("address"):
            lines.extend(company.address.splitlines())
    if contact is not None and access.of("contact").visible(contact):
        readable = access.of("contact")
        language = contact.language
        lines.append(str(contact))
        if contact.address and readable.can_read("address") and company is None:
            lines.extend(contact.address.splitlines())
    return lines, language


def _readable(access: RecordAccess, row: Any, field: str) -> Decimal | None:
    return Decimal(getattr(row, field)) if access.can_read(field) else None


async def load(access_of: Any, global_id: str, *, language: str | None = None) -> DocumentContent:
    """The document ``global_id`` as ``access_of(object)`` may see it.

    ``access_of`` gives the caller's ``RecordAccess`` of a catalogue object (a request's
    ``access`` or ``RecordAccess.of_principal`` bound to a principal)."""
    type_name, pk = document_kind(global_id)
    obj, model, line_model, line_key = KINDS[type_name]
    access: RecordAccess = access_of(obj)
    row = await model.get_or_none(pk=pk)
    if row is None or not access.visible(row):
        raise NotFound("No such document")
    show_cost = access.can_read("cost")
    show_margin = access.can_read("margin")
    products = access.of("product")
    rows = (
        await line_model.filter(**{line_key: pk}).order_by("position", "id")
        if access.can_read("lines")
        else []
    )
    names = {p.pk: p for p in await Product.filter(pk__in={r.product_id for r in rows})}
    lines = [
        Line(
            description=(
                names[r.product_id].name
                if r.product_id in names and products.visible(names[r.product_id])
                else "—"
            ),
            quantity=Decimal(r.quantity),
            unit_price=Decimal(r.unit_price),
            discount=Decimal(r.discount),
            tax_rate=Decimal(r.tax_rate),
            net=Decimal(r.net),
            unit_cost=Decimal(r.unit_cost) if show_cost else None,
        )
        for r in rows
    ]
    customer, contact_language = await _customer(access, row)
    cancels = None
    if type_name == "Invoice" and row.cancels_id is not None:
        cancelled = await Invoice.get(pk=row.cancels_id)
        cancels = cancelled.code
    return DocumentContent(
        kind=CREDIT_NOTE if type_name == "Invoice" and row.kind == CREDIT_NOTE else obj,
        number=number_of(type_name, row),
        language=language_of(language or contact_language),
        currency=row.currency,
        issued_on=row.issued_on,
        branding=await branding(),
        customer=customer,
        lines=lines,
        tax_totals=[
            TaxTotal(Decimal(t["rate"]), Decimal(t["net"]), Decimal(t["tax"]))
            for t in (tax_lines(row.tax_lines) if access.can_read("taxLines") else [])
        ],
        net=_readable(access, row, "net"),
        tax=_readable(access, row, "tax"),
        total=_readable(access, row, "total"),
        due_on=getattr(row, "due_on", None),
        valid_until=getattr(row, "valid_until", None),
        cancels=cancels,
        cost=Decimal(row.cost) if show_cost else None,
        margin=Decimal(row.net) - Decimal(row.cost) if show_margin else None,
    )
