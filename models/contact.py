"""Contacts: the people the company sells to and supports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from models.base import OwnedRecord

if TYPE_CHECKING:
    from models.company import Company


class Contact(OwnedRecord):
    first_name = fields.CharField(max_length=100)
    last_name = fields.CharField(max_length=100, default="")
    email = fields.CharField(max_length=254, null=True, db_index=True)
    phone = fields.CharField(max_length=32, null=True, db_index=True)
    position = fields.CharField(max_length=100, null=True)
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "tandem.Company", related_name="contacts", null=True, on_delete=fields.SET_NULL
    )
    company_id: int | None
    country = fields.CharField(max_length=2, null=True)
    city = fields.CharField(max_length=100, null=True)
    lifecycle_stage = fields.CharField(max_length=30, default="lead")
    source = fields.CharField(max_length=50, null=True)
    # email/phone are the primary ones (indexed, exact filters); the others are JSON text lists,
    # kept as text so that search and filters can LIKE them on SQLite and PostgreSQL alike.
    other_emails = fields.TextField(default="[]")
    other_phones = fields.TextField(default="[]")
    address = fields.CharField(max_length=255, null=True)
    preferred_channel = fields.CharField(max_length=20, null=True)
    language = fields.CharField(max_length=16, null=True)
    # Consent: whether, when and how it was given (or withdrawn); null = never asked.
    email_consent = fields.BooleanField(null=True)
    email_consent_at = fields.DatetimeField(null=True)
    email_consent_source = fields.CharField(max_length=100, null=True)
    sms_consent = fields.BooleanField(null=True)
    sms_consent_at = fields.DatetimeField(null=True)
    sms_consent_source = fields.CharField(max_length=100, null=True)
    product_interests = fields.TextField(default="[]")
    tags = fields.TextField(default="[]")

    # Custom field values keyed by the field's key (models/custom_field.py), as JSON text.
    custom = fields.TextField(default="{}")

    class Meta:
        table = "contact"
        app = "tandem"
        # A company's people, and the customer list in name order (keyset pages).
        indexes = (("company_id",), ("last_name", "id"))

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
