"""The product catalogue and a deal's line items (what is sold, how many, at what price)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.base import Record

if TYPE_CHECKING:
    from models.deal import Deal


class Product(Record):
    # Shared by everyone who sells; retired with active=false or soft-deleted, never removed,
    # because line items keep pointing at it.
    sku = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=255)
    price = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    cost = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    currency = fields.CharField(max_length=3, default="EUR")
    active = fields.BooleanField(default=True)
    deleted_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "product"
        app = "tandem"

    def __str__(self) -> str:
        return self.name


class DealLineItem(Model):
    # Part of its deal: replaced as a whole with the deal's version bump (dealLineItemsSet).
    id = fields.BigIntField(primary_key=True)
    deal: fields.ForeignKeyRelation[Deal] = fields.ForeignKeyField(
        "tandem.Deal", related_name="line_items", on_delete=fields.CASCADE
    )
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "tandem.Product", related_name=False, on_delete=fields.RESTRICT
    )
    position = fields.IntField(default=0)
    quantity = fields.DecimalField(max_digits=12, decimal_places=3)
    unit_price = fields.DecimalField(max_digits=14, decimal_places=2)
    # Percent off the line, 0-100.
    discount = fields.DecimalField(max_digits=5, decimal_places=2, default=0)
    deal_id: int
    product_id: int

    class Meta:
        table = "deal_line_item"
        app = "tandem"

    @property
    def total(self) -> Decimal:
        gross = Decimal(self.quantity) * Decimal(self.unit_price)
        return (gross * (100 - Decimal(self.discount)) / 100).quantize(Decimal("0.01"))
