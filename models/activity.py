"""Activities: the history of every interaction (a call, an e-mail, a meeting, a note, an SMS,
a chat), linked to a contact, a company and/or a deal. The author owns the record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from models.base import OwnedRecord

if TYPE_CHECKING:
    from models.company import Company
    from models.contact import Contact
    from models.deal import Deal

KINDS = ("call", "email", "meeting", "note", "sms", "chat")
DIRECTIONS = ("inbound", "outbound")


class Activity(OwnedRecord):
    kind = fields.CharField(max_length=10)
    direction = fields.CharField(max_length=10, null=True)
    occurred_at = fields.DatetimeField(db_index=True)
    duration_seconds = fields.IntField(null=True)
    subject = fields.CharField(max_length=255, default="")
    # The essence of the conversation.
    body = fields.TextField(default="")
    outcome = fields.CharField(max_length=255, null=True)
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "tandem.Contact", related_name="activities", null=True, on_delete=fields.SET_NULL
    )
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "tandem.Company", related_name="activities", null=True, on_delete=fields.SET_NULL
    )
    deal: fields.ForeignKeyNullableRelation[Deal] = fields.ForeignKeyField(
        "tandem.Deal", related_name="activities", null=True, on_delete=fields.SET_NULL
    )
    contact_id: int | None
    company_id: int | None
    deal_id: int | None

    class Meta:
        table = "activity"
        app = "tandem"
        indexes = (("deal_id", "occurred_at"), ("contact_id", "occurred_at"))
