"""Inputs, filters and enums of webhooks (docs/architecture.md "Webhooks")."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry

from models.records import DECLARED
from resolvers.api.declared_inputs import list_inputs
from resolvers.api.kinds import ObjectKind

if TYPE_CHECKING:
    WebhookFilter = Any
    WebhookOrder = Any
else:
    WebhookFilter, WebhookSortField, WebhookOrder = list_inputs(DECLARED["webhook"])


@strawberry.enum(description="The kinds of event a webhook may hear of")
class WebhookEventKind(Enum):
    CREATED = "created"
    UPDATED = "updated"
    MOVED = "moved"
    DELETED = "deleted"


@strawberry.enum(description="Where a webhook delivery is")
class WebhookDeliveryStatus(Enum):
    PENDING = strawberry.enum_value("pending", description="Waiting for its first or next try")
    SUCCEEDED = "succeeded"
    FAILED = strawberry.enum_value(
        "failed", description="Given up (retried for the retry window) or its endpoint disabled"
    )


@strawberry.input(description="A new webhook endpoint; its owner is you")
class WebhookCreateInput:
    url: str = strawberry.field(
        description="https:// (or http://) URL of a public host; private addresses are refused"
    )
    objects: list[ObjectKind] = strawberry.field(description="Record types it hears of")
    events: list[WebhookEventKind] = strawberry.field(description="Event kinds it hears of")
    description: str | None = None


@strawberry.input(description="Changes to a webhook endpoint; omitted fields stay")
class WebhookUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    url: str | None = strawberry.UNSET
    objects: list[ObjectKind] | None = strawberry.UNSET
    events: list[WebhookEventKind] | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    enabled: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="Enabling a disabled endpoint again clears its failures",
    )


@strawberry.input(description="Which deliveries to list")
class WebhookDeliveryFilter:
    status: WebhookDeliveryStatus | None = None
