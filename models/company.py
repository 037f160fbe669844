"""Companies (accounts) in the shared customer base."""

from __future__ import annotations

from tortoise import fields

from models.base import OwnedRecord


class Company(OwnedRecord):
    name = fields.CharField(max_length=255, db_index=True)
    domain = fields.CharField(max_length=255, null=True, db_index=True)
    industry = fields.CharField(max_length=100, null=True)
    size = fields.CharField(max_length=20, null=True)
    country = fields.CharField(max_length=2, null=True)
    region = fields.CharField(max_length=100, null=True)
    city = fields.CharField(max_length=100, null=True)
    address = fields.CharField(max_length=255, null=True)
    phone = fields.CharField(max_length=32, null=True)
    # JSON text (not a JSON column): LIKE works on it on both backends, which the any-of tags
    # filter and search rely on. Normalised lower-case tags, e.g. '["b2b","vip"]'.
    tags = fields.TextField(default="[]")

    # Custom field values keyed by the field's key (models/custom_field.py), as JSON text.
    custom = fields.TextField(default="{}")

    class Meta:
        table = "company"
        app = "tandem"
        indexes = (("name", "id"),)  # the company list in name order (keyset pages)

    def __str__(self) -> str:
        return self.name
