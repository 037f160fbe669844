"""Webhook endpoints and their deliveries (docs/architecture.md "Webhooks").

An endpoint is a URL its owner registered for some record types (``objects``) and event kinds
(``events``). Every committed event that matches is one ``WebhookDelivery`` row per endpoint
(unique per endpoint and outbox event: delivered once), sent in order per record by
``webhook.deliver`` jobs (webhooks/delivery.py). The row is also the delivery log: status,
attempts, the last response code, how long it took and when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import Record

if TYPE_CHECKING:
    from models.user import User

# pending -> succeeded, or pending (a retry at next_attempt_at) ... -> failed (gave up after the
# retry window, or the endpoint was disabled or deleted).
PENDING = "pending"
SUCCEEDED = "succeeded"
FAILED = "failed"
DELIVERY_STATES = (PENDING, SUCCEEDED, FAILED)
# Event kinds an endpoint may ask for (the outbox's kinds).
EVENT_KINDS = ("created", "updated", "moved", "deleted")
# Record types an endpoint may hear of (the API's ObjectKind): business records, not the
# administrative ones (users, roles, jobs, webhooks themselves).
OBJECTS = (
    "company",
    "contact",
    "deal",
    "pipeline",
    "activity",
    "task",
    "product",
    "comment",
    "lead",
    "exchangeRate",
    "quote",
    "order",
    "invoice",
    "payment",
)


class WebhookEndpoint(Record):
    # Whose endpoint it is: payloads carry what this user's role may read, and they are told
    # when it is disabled. Deleting the user deletes their endpoints.
    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, on_delete=fields.CASCADE
    )
    owner_id: int
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=200, default="")
    objects: fields.Field[Any] = fields.JSONField(default=list)
    events: fields.Field[Any] = fields.JSONField(default=list)
    enabled = fields.BooleanField(default=True)
    # The signing secret (whsec_<base64>), shown once; the one before a rotation keeps signing
    # too until previous_until, so receivers can switch without losing a delivery.
    secret = fields.CharField(max_length=100)
    previous_secret = fields.CharField(max_length=100, null=True)
    previous_until = fields.DatetimeField(null=True)
    # Failed attempts in a row (a success resets it); at the limit the endpoint is disabled.
    failures = fields.IntField(default=0)
    disabled_reason = fields.CharField(max_length=200, null=True)
    # Events written after it was registered reach it: outbox ids above this one.
    after_event = fields.BigIntField(default=0)

    class Meta:
        table = "webhook_endpoint"
        app = "tandem"


class WebhookDelivery(Model):
    id = fields.BigIntField(primary_key=True)
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "tandem.WebhookEndpoint", related_name=False, on_delete=fields.CASCADE
    )
    endpoint_id: int
    # The outbox event (its cursor, seq, orders an endpoint's deliveries of one record).
    event_id = fields.BigIntField()
    event_seq = fields.BigIntField()
    object = fields.CharField(max_length=50)
    record_id = fields.BigIntField()
    kind = fields.CharField(max_length=10)
    # The body as signed and sent: computed once, with the owner's access at dispatch time.
    payload: fields.Field[Any] = fields.JSONField()
    status = fields.CharField(max_length=12, default=PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    # Taken by one sender at a time (a conditional update), until then.
    claimed_until = fields.DatetimeField(null=True)
    response_code = fields.IntField(null=True)
    duration_ms = fields.IntField(null=True)
    error = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField()
    last_attempt_at = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook_delivery"
        app = "tandem"
        unique_together = (("endpoint_id", "event_id"),)
        indexes = (("endpoint_id", "object", "record_id", "event_seq"),)


class WebhookCursor(Model):
    """One row: the last outbox seq whose events were turned into deliveries."""

    id = fields.IntField(primary_key=True)
    last_seq = fields.BigIntField(default=0)

    class Meta:
        table = "webhook_cursor"
        app = "tandem"
