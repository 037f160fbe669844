"""Leads: the quick capture of someone who might buy, before they become a contact."""

from __future__ import annotations

from tortoise import fields

from models.base import OwnedRecord

# "converted" is set by leadConvert only; the others are the sales team's to choose.
STATUSES = ("new", "contacted", "qualified", "disqualified")
CONVERTED = "converted"


class Lead(OwnedRecord):
    name = fields.CharField(max_length=200)
    company_name = fields.CharField(max_length=255, null=True)
    email = fields.CharField(max_length=254, null=True, db_index=True)
    phone = fields.CharField(max_length=32, null=True)
    comment = fields.TextField(null=True)
    source = fields.CharField(max_length=50, null=True)
    status = fields.CharField(max_length=20, default="new", db_index=True)
    # What the lead became: set once, by the conversion, in its transaction.
    contact_id = fields.BigIntField(null=True)
    converted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "lead"
        app = "tandem"

    def __str__(self) -> str:
        return self.name
