"""Deals: opportunities moving through a pipeline's stages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from models.base import OwnedRecord

if TYPE_CHECKING:
    from models.company import Company
    from models.contact import Contact
    from models.pipeline import Pipeline, Stage


class Deal(OwnedRecord):
    title = fields.CharField(max_length=255)
    pipeline: fields.ForeignKeyRelation[Pipeline] = fields.ForeignKeyField(
        "tandem.Pipeline", related_name="deals", on_delete=fields.RESTRICT
    )
    stage: fields.ForeignKeyRelation[Stage] = fields.ForeignKeyField(
        "tandem.Stage", related_name="deals", on_delete=fields.RESTRICT
    )
    # Order inside the stage column; sparse so that a move rarely rewrites neighbours.
    position = fields.BigIntField(default=0)
    amount = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    currency = fields.CharField(max_length=3, default="EUR")
    cost = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    probability = fields.IntField(null=True)
    expected_close = fields.DateField(null=True)
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "tandem.Contact", related_name="deals", null=True, on_delete=fields.SET_NULL
    )
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "tandem.Company", related_name="deals", null=True, on_delete=fields.SET_NULL
    )
    pipeline_id: int
    stage_id: int
    contact_id: int | None
    company_id: int | None
    status = fields.CharField(max_length=10, default="open")
    lost_reason = fields.CharField(max_length=255, null=True)
    # When the deal was won or lost (null while open): won revenue is counted by this time.
    closed_at = fields.DatetimeField(null=True)
    # JSON text list, like a contact's tags (filtered with LIKE on both databases).
    tags = fields.TextField(default="[]", db_default="[]")

    # Custom field values keyed by the field's key (models/custom_field.py), as JSON text.
    custom = fields.TextField(default="{}")

    class Meta:
        table = "deal"
        app = "tandem"
        # The board's columns; a contact's and a company's deals (record pages).
        # (status, closed_at): the sales report selects won deals by the day they closed.
        indexes = (
            ("stage_id", "position"),
            ("contact_id",),
            ("company_id",),
            ("status", "closed_at"),
        )

    def __str__(self) -> str:
        return self.title
