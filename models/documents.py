"""Sales documents: quotes (commercial offers) and orders, each with its lines.

A document keeps its own currency and the totals of its lines, stored when the lines are set
(models/document_totals.py computes them), so lists can filter and sort by them and a later
change of a product's price or cost never changes a document already written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.base import OwnedRecord

if TYPE_CHECKING:
    from models.company import Company
    from models.contact import Contact
    from models.deal import Deal
    from models.product import Product

# Prices, costs and totals are DECIMAL(16, 3): three decimals are enough for every ISO currency
# (KWD has 3); each amount is rounded to its own currency's minor units before it is stored.
DRAFT, SENT, ACCEPTED, REJECTED, EXPIRED = "draft", "sent", "accepted", "rejected", "expired"
QUOTE_STATUSES = (DRAFT, SENT, ACCEPTED, REJECTED, EXPIRED)
ORDER_OPEN, ORDER_FULFILLED, ORDER_CANCELLED = "open", "fulfilled", "cancelled"
ORDER_STATUSES = (ORDER_OPEN, ORDER_FULFILLED, ORDER_CANCELLED)


class SalesDocument(OwnedRecord):
    """What quotes and orders share: customer, currency, date and stored totals."""

    deal: fields.ForeignKeyNullableRelation[Deal] = fields.ForeignKeyField(
        "tandem.Deal", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "tandem.Contact", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "tandem.Company", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    deal_id: int | None
    contact_id: int | None
    company_id: int | None
    currency = fields.CharField(max_length=3, default="EUR")
    # The document's date: conversions to the base currency use the rate of this day.
    issued_on = fields.DateField()
    net = fields.DecimalField(max_digits=16, decimal_places=3, default=0)
    tax = fields.DecimalField(max_digits=16, decimal_places=3, default=0)
    total = fields.DecimalField(max_digits=16, decimal_places=3, default=0)
    cost = fields.DecimalField(max_digits=16, decimal_places=3, default=0)
    # Totals per tax rate: [{"rate": "21.00", "net": "100.00", "tax": "21.00"}], as JSON text.
    tax_lines = fields.TextField(default="[]")

    class Meta:
        abstract = True


class Quote(SalesDocument):
    status = fields.CharField(max_length=10, default=DRAFT)
    valid_until = fields.DateField(null=True)
    # Starts at 1; changing a quote that was sent makes the next revision (models/quotes.py).
    revision = fields.IntField(default=1)

    class Meta:
        table = "quote"
        app = "tandem"
        indexes = (("contact_id",), ("company_id",), ("deal_id",))


class SalesOrder(SalesDocument):
    status = fields.CharField(max_length=10, default=ORDER_OPEN)
    quote: fields.ForeignKeyNullableRelation[Quote] = fields.ForeignKeyField(
        "tandem.Quote", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    quote_id: int | None

    class Meta:
        table = "sales_order"
        app = "tandem"
        indexes = (("contact_id",), ("company_id",), ("deal_id",))


class DocumentLine(Model):
    """One line: a product, how many, at what price, less a discount, with its tax rate. The
    product's cost is copied when the line is written (gross profit stays what it was)."""

    id = fields.BigIntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "tandem.Product", related_name=False, on_delete=fields.RESTRICT
    )
    product_id: int
    position = fields.IntField(default=0)
    quantity = fields.DecimalField(max_digits=12, decimal_places=3)
    unit_price = fields.DecimalField(max_digits=16, decimal_places=3)
    unit_cost = fields.DecimalField(max_digits=16, decimal_places=3, default=0)
    # Percent off the line, 0-100; tax rate in percent, 0-100.
    discount = fields.DecimalField(max_digits=5, decimal_places=2, default=0)
    tax_rate = fields.DecimalField(max_digits=5, decimal_places=2, default=0)
    # quantity x unit price less the discount, rounded to the currency: what the tax is on.
    net = fields.DecimalField(max_digits=16, decimal_places=3, default=0)

    class Meta:
        abstract = True


class QuoteLine(DocumentLine):
    quote: fields.ForeignKeyRelation[Quote] = fields.ForeignKeyField(
        "tandem.Quote", related_name="lines", on_delete=fields.CASCADE
    )
    quote_id: int

    class Meta:
        table = "quote_line"
        app = "tandem"


class OrderLine(DocumentLine):
    order: fields.ForeignKeyRelation[SalesOrder] = fields.ForeignKeyField(
        "tandem.SalesOrder", related_name="lines", on_delete=fields.CASCADE
    )
    order_id: int

    class Meta:
        table = "order_line"
        app = "tandem"
