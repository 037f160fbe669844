"""Webhook endpoints (a declared record type) and their delivery log, as the API shows them.
The signing secret is no field of Webhook: it is shown once, in WebhookSecret."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from models.global_ids import global_id
from models.records import DECLARED
from models.user import User as UserModel
from models.webhook import WebhookDelivery as DeliveryModel
from models.webhook import WebhookEndpoint as EndpointModel
from resolvers import records
from resolvers.api.kinds import ObjectKind
from resolvers.api.webhook_inputs import WebhookDeliveryStatus
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.node import Node

if TYPE_CHECKING:
    from schema.types.accounts import User

UserRef = Annotated["User", strawberry.lazy("schema.types.accounts")]
Ctx = Info[RequestContext, None]


@record_type("webhook", EndpointModel)
class Webhook(Node):
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="Payloads carry what this user's role may read")
    async def owner(self, root: strawberry.Parent[EndpointModel], info: Ctx) -> UserRef | None:
        row = await info.context.loaders.of(UserModel).load(root.owner_id)
        return row if row is not None and info.context.access("user").visible(row) else None


@strawberry.type(description="A webhook with its signing secret: the one time it is shown")
class WebhookSecret:
    webhook: Webhook
    secret: str = strawberry.field(
        description="whsec_<base64>: the key of the webhook-signature HMAC (Standard Webhooks)"
    )
    previous_valid_until: datetime | None = strawberry.field(
        description="After a rotation: until then the previous secret signs too"
    )


@strawberry.type(description="One event sent (or to be sent) to a webhook: the delivery log")
class WebhookDelivery:
    @strawberry.field
    def id(self, root: strawberry.Parent[DeliveryModel]) -> strawberry.ID:
        return strawberry.ID(global_id("WebhookDelivery", root.pk))

    @strawberry.field(description="The body's type: deal.updated, contact.created, ...")
    def type(self, root: strawberry.Parent[DeliveryModel]) -> str:
        found: Any = (root.payload or {}).get("type", "")
        return str(found)

    @strawberry.field
    def object(self, root: strawberry.Parent[DeliveryModel]) -> ObjectKind:
        return ObjectKind(root.object)

    @strawberry.field(description="The global id of the record the event is about")
    def record_id(self, root: strawberry.Parent[DeliveryModel]) -> strawberry.ID:
        return strawberry.ID(global_id(DECLARED[root.object].type_name, root.record_id))

    @strawberry.field(description="The webhook-id header: the same on every attempt")
    def message_id(self, root: strawberry.Parent[DeliveryModel]) -> str:
        return f"msg_{root.pk}"

    @strawberry.field
    def status(self, root: strawberry.Parent[DeliveryModel]) -> WebhookDeliveryStatus:
        return WebhookDeliveryStatus(root.status)

    @strawberry.field(description="Attempts made so far")
    def attempts(self, root: strawberry.Parent[DeliveryModel]) -> int:
        return root.attempts

    @strawberry.field(description="The last attempt's HTTP status; null without an answer")
    def response_code(self, root: strawberry.Parent[DeliveryModel]) -> int | None:
        return root.response_code

    @strawberry.field(description="How long the last attempt took, in milliseconds")
    def duration_ms(self, root: strawberry.Parent[DeliveryModel]) -> int | None:
        return root.duration_ms

    @strawberry.field(description="Why the last attempt failed")
    def error(self, root: strawberry.Parent[DeliveryModel]) -> str | None:
        return root.error

    @strawberry.field(description="When a pending delivery is tried next")
    def next_attempt_at(self, root: strawberry.Parent[DeliveryModel]) -> datetime | None:
        return root.next_attempt_at if root.status == "pending" else None

    @strawberry.field
    def last_attempt_at(self, root: strawberry.Parent[DeliveryModel]) -> datetime | None:
        return root.last_attempt_at

    @strawberry.field
    def created_at(self, root: strawberry.Parent[DeliveryModel]) -> datetime:
        return root.created_at


records.register("Webhook", "webhook", EndpointModel)
