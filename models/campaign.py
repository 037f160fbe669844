"""Message templates, campaigns, their per-recipient deliveries and consent evidence.

A campaign's deliveries are the truth of who got what: one row per (campaign, recipient),
unique, so a recipient is queued once however often the queueing pass runs; its state moves
queued -> sending (claimed by an attempt, before the message leaves) -> sent | failed, or
queued -> skipped (no consent, no address) with the reason. The send job
(resolvers/campaign_send.py) only ever sends rows it claimed.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.base import Record

CHANNELS = ("email", "sms")
LANGUAGES = ("en", "es", "fr")
# Campaign states: draft -> scheduled -> sending -> sent; paused and cancelled on the way.
DRAFT, SCHEDULED, SENDING, PAUSED, CANCELLED, SENT = (
    "draft",
    "scheduled",
    "sending",
    "paused",
    "cancelled",
    "sent",
)
CAMPAIGN_STATES = (DRAFT, SCHEDULED, SENDING, PAUSED, CANCELLED, SENT)
# Delivery states.
QUEUED, CLAIMED, DELIVERED, FAILED, SKIPPED = "queued", "sending", "sent", "failed", "skipped"
DELIVERY_STATES = (QUEUED, CLAIMED, DELIVERED, FAILED, SKIPPED)


class MessageTemplate(Record):
    name = fields.CharField(max_length=100)
    channel = fields.CharField(max_length=8)
    # {"en": {"subject": ..., "body": ...}, "es": {...}, "fr": {...}}: Jinja2 sources.
    variants: fields.Field[Any] = fields.JSONField(default=dict)
    created_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "message_template"
        app = "tandem"


class Campaign(Record):
    name = fields.CharField(max_length=100)
    channel = fields.CharField(max_length=8)
    template_id = fields.BigIntField()
    # To a segment (evaluated with the sender's permissions when it is sent) or to contact ids.
    segment_id = fields.BigIntField(null=True)
    contact_ids: fields.Field[Any] = fields.JSONField(null=True)
    state = fields.CharField(max_length=12, default=DRAFT)
    scheduled_at = fields.DatetimeField(null=True)
    # Sends so far (each send or schedule is a new run with its own job).
    runs = fields.IntField(default=0)
    created_by_id = fields.BigIntField(null=True)
    queued = fields.IntField(default=0)
    sent = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    skipped = fields.IntField(default=0)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "campaign"
        app = "tandem"


class CampaignDelivery(Model):
    id = fields.BigIntField(primary_key=True)
    campaign_id = fields.BigIntField()
    contact_id = fields.BigIntField()
    channel = fields.CharField(max_length=8)
    address = fields.CharField(max_length=254, null=True)
    state = fields.CharField(max_length=8, default=QUEUED)
    reason = fields.CharField(max_length=255, null=True)
    # campaign:<id>:contact:<id>: the Message-ID / provider idempotency key of this send.
    idempotency_key = fields.CharField(max_length=80, unique=True)
    # The attempt (job lease token) that claimed it.
    claimed_by = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "campaign_delivery"
        app = "tandem"
        unique_together = (("campaign_id", "contact_id"),)
        indexes = (("campaign_id", "state", "id"),)


class ConsentEvidence(Model):
    """Why a contact's consent changed outside the API: an unsubscribe from a campaign link."""

    id = fields.BigIntField(primary_key=True)
    contact_id = fields.BigIntField(db_index=True)
    channel = fields.CharField(max_length=8)
    consent = fields.BooleanField()
    campaign_id = fields.BigIntField(null=True)
    ip = fields.CharField(max_length=64, null=True)
    user_agent = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "consent_evidence"
        app = "tandem"
