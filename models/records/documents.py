"""Sales documents: quotes and orders (models/documents.py). Their lines, totals and status
change only through their own actions (models/quotes.py, models/orders.py), so those fields
are not writable here; what the catalogue keeps of them is who may read them (cost and margin
are as sensitive as a deal's) and which changes are events of them."""

from __future__ import annotations

from models import currencies
from models.deal import Deal
from models.documents import ORDER_STATUSES, QUOTE_STATUSES, Quote, SalesOrder
from models.records.customers import COMPANY_REF, CONTACT_REF
from models.records.declaration import Field, RecordType, Ref

DEAL_REF = Ref("Deal", "deal", Deal, scoped=True)


def total_field(name: str, *, sensitive: bool = False, filter: str | None = None) -> Field:
    """A stored total, computed from the lines, shown with the document's currency."""
    return Field(
        name,
        name,
        "decimal",
        sensitive=sensitive,
        writable=False,
        filter=filter,
        sort=True,
        events=(name, "currency"),
        plain=False,
    )


def _document(status: tuple[str, ...], *extra: Field) -> tuple[Field, ...]:
    return (
        Field("deal", "deal_id", "ref", ref=DEAL_REF, filter="ref", plain=False, update=False),
        Field("contact", "contact_id", "ref", ref=CONTACT_REF, filter="ref", plain=False),
        Field("company", "company_id", "ref", ref=COMPANY_REF, filter="ref", plain=False),
        Field(
            "currency",
            "currency",
            clearable=False,
            convert=currencies.iso_code,
            filter="eq",
            events=(),
        ),
        Field("issuedOn", "issued_on", "date", clearable=False, filter="range", sort=True),
        Field(
            "status",
            "status",
            choices=status,
            writable=False,
            filter="eq",
            sort=True,
            # Read by hand: a quote past its validity date reads as expired.
            plain=False,
        ),
        *extra,
        total_field("net"),
        total_field("tax"),
        total_field("total", filter="range"),
        # Totals per tax rate, computed with the totals.
        Field("taxLines", None, "computed", writable=False, events=("tax_lines",), plain=False),
        total_field("cost", sensitive=True),
        # Gross profit: net less cost.
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
        # The lines carry each product's cost: reading them reveals the cost.
        Field(
            "lines",
            None,
            "computed",
            writable=False,
            events=("lines",),
            export=False,
            plain=False,
        ),
    )


QUOTE = RecordType(
    "quote",
    "Quote",
    Quote,
    _document(
        QUOTE_STATUSES,
        Field("validUntil", "valid_until", "date", filter="range", sort=True),
        Field("revision", "revision", "int", writable=False, sort=True),
    ),
)

ORDER = RecordType(
    "order",
    "Order",
    SalesOrder,
    _document(
        ORDER_STATUSES,
        Field(
            "quote",
            "quote_id",
            "ref",
            ref=Ref("Quote", "quote", Quote, scoped=True),
            writable=False,
            filter="ref",
            plain=False,
        ),
    ),
    operations=("create", "read", "update", "export"),
)
