"""Webhook endpoints and their delivery log: list, register, change, delete, rotate the secret,
send a delivery again. All of it is for roles granted ``webhook`` (Owner and Admin by
template). Every input is checked before anything is written: the URL (http or https, a host
whose addresses are all public unless allowed by ``TANDEM_WEBHOOK_ALLOWED_NETWORKS``), the
record types and event kinds (known, at least one)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

import strawberry
from strawberry.types import Info
from strawberry.types.unset import UNSET
from tortoise.expressions import Q

from models import webhook_actions
from models import webhook_deliveries as delivery_actions
from models.errors import BadInput, NotFound
from models.global_ids import from_global_id
from models.i18n import msg
from models.records import DECLARED
from models.webhook import OBJECTS, WebhookDelivery, WebhookEndpoint
from resolvers import lists
from resolvers.api.kinds import ObjectKind
from resolvers.api.webhook_inputs import (
    WebhookCreateInput,
    WebhookDeliveryFilter,
    WebhookEventKind,
    WebhookFilter,
    WebhookOrder,
    WebhookUpdateInput,
)
from resolvers.context import RequestContext
from resolvers.list_specs import declared_list
from resolvers.pages import Page, page_of
from webhooks import addresses

Ctx = Info[RequestContext, None]
OBJ = "webhook"
WEBHOOKS = declared_list(DECLARED[OBJ])
DESCRIPTION_MAX = 200
MAX_OVERLAP_HOURS = 7 * 24
DEFAULT_PAGE = 50
MAX_PAGE = 200


@dataclass(slots=True)
class WebhookSecret:
    """An endpoint with its signing secret: the one time the secret is shown."""

    webhook: WebhookEndpoint
    secret: str
    previous_valid_until: datetime | None


async def _url(info: Ctx, url: str) -> str:
    target = addresses.parse(url)
    allow = addresses.networks(info.context.services.settings.webhook_allowed_networks)
    await addresses.resolve(target, allow)
    return url.strip()


def _objects(given: list[ObjectKind]) -> list[str]:
    found = list(dict.fromkeys(o.value for o in given))
    if not found:
        raise BadInput("Name at least one record type", field="objects")
    unknown = [o for o in found if o not in OBJECTS]
    if unknown:
        raise BadInput(
            msg("Webhooks do not send {unknown} events", unknown=unknown[0]), field="objects"
        )
    return found


def _events(given: list[WebhookEventKind]) -> list[str]:
    found = list(dict.fromkeys(e.value for e in given))
    if not found:
        raise BadInput("Name at least one event kind", field="events")
    return found


def _description(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > DESCRIPTION_MAX:
        raise BadInput(
            msg("At most {description_max} characters", description_max=DESCRIPTION_MAX),
            field="description",
        )
    return text


async def webhooks(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: WebhookFilter | None = None,
    order_by: list[WebhookOrder] | None = None,
) -> Page[WebhookEndpoint]:
    return await lists.page(
        WEBHOOKS,
        info.context.access(OBJ),
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def webhook_create(info: Ctx, input: WebhookCreateInput) -> WebhookSecret:
    access = info.context.access(OBJ)
    access.require("create")
    fields = ["url", "objects", "events"] + (["description"] if input.description else [])
    access.check_write(fields)
    values: dict[str, Any] = {
        "objects": _objects(input.objects),
        "events": _events(input.events),
        "description": _description(input.description),
        "url": await _url(info, input.url),
    }
    row, secret = await webhook_actions.create_endpoint(values, access.user_id)
    return WebhookSecret(row, secret, None)


async def _endpoint(id: strawberry.ID) -> int:
    pk = from_global_id(id, "Webhook")
    if not await WebhookEndpoint.exists(pk=pk):
        raise NotFound("No such webhook")
    return pk


async def webhook_update(info: Ctx, input: WebhookUpdateInput) -> WebhookEndpoint:
    access = info.context.access(OBJ)
    access.require("update")
    names = ("url", "objects", "events", "description", "enabled")
    given = {n: getattr(input, n) for n in names if getattr(input, n) is not UNSET}
    access.check_write(list(given))
    pk = await _endpoint(input.id)
    values: dict[str, Any] = {}
    for name in ("url", "objects", "events", "enabled"):
        if name in given and given[name] is None:
            raise BadInput(msg("{name} cannot be cleared", name=name), field=name)
    if "objects" in given:
        values["objects"] = _objects(given["objects"])
    if "events" in given:
        values["events"] = _events(given["events"])
    if "description" in given:
        values["description"] = _description(given["description"])
    if "enabled" in given:
        values["enabled"] = bool(given["enabled"])
    if "url" in given:
        values["url"] = await _url(info, given["url"])
    return await webhook_actions.update_endpoint(pk, values, input.expected_version, access.user_id)


async def webhook_delete(info: Ctx, id: strawberry.ID) -> bool:
    access = info.context.access(OBJ)
    access.require("delete")
    await webhook_actions.delete_endpoint(await _endpoint(id), access.user_id)
    return True


async def webhook_rotate_secret(
    info: Ctx,
    id: strawberry.ID,
    overlap_hours: Annotated[
        int,
        strawberry.argument(description="How long the old secret keeps signing too (0 to 168)"),
    ] = 24,
) -> WebhookSecret:
    access = info.context.access(OBJ)
    access.require("update")
    if not 0 <= overlap_hours <= MAX_OVERLAP_HOURS:
        raise BadInput(
            msg("Between 0 and {max_overlap_hours} hours", max_overlap_hours=MAX_OVERLAP_HOURS),
            field="overlapHours",
        )
    pk = await _endpoint(id)
    row, secret = await webhook_actions.rotate_secret(
        pk, timedelta(hours=overlap_hours), access.user_id
    )
    return WebhookSecret(row, secret, row.previous_until)


async def webhook_redeliver(info: Ctx, id: strawberry.ID) -> WebhookDelivery:
    """Send a delivery again, now (its body as first made), whatever became of it."""
    access = info.context.access(OBJ)
    access.require("update")
    pk = from_global_id(id, "WebhookDelivery")
    delivery = await WebhookDelivery.get_or_none(pk=pk)
    if delivery is None:
        raise NotFound("No such webhook delivery")
    endpoint = await WebhookEndpoint.get(id=delivery.endpoint_id)
    if not endpoint.enabled:
        raise BadInput("The webhook is disabled: enable it first", field="id")
    return await delivery_actions.redeliver(pk, access.user_id)


def _cursor_of(pk: int) -> str:
    return base64.urlsafe_b64encode(f"webhookDelivery:{pk}".encode()).decode()


def _after(cursor: str) -> int:
    try:
        kind, _, pk = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "webhookDelivery":
            return int(pk)
    except ValueError:
        pass
    raise BadInput("Not a cursor of this list", field="after")


async def webhook_deliveries(
    info: Ctx,
    webhook_id: strawberry.ID,
    first: int | None = None,
    after: str | None = None,
    filter: WebhookDeliveryFilter | None = None,
) -> Page[WebhookDelivery]:
    """A webhook's delivery log, newest first; ``first`` at most 200."""
    info.context.access(OBJ).require("read")
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise BadInput(msg("first is between 0 and {max_page}", max_page=MAX_PAGE), field="first")
    after_pk = _after(after) if after is not None else None
    pk = await _endpoint(webhook_id)
    wanted = Q(endpoint_id=pk)
    if filter is not None and filter.status is not None:
        wanted &= Q(status=filter.status.value)
    matching = WebhookDelivery.filter(wanted)
    query = matching.filter(id__lt=after_pk) if after_pk is not None else matching
    rows = list(await query.order_by("-id").limit(size + 1)) if size else []
    return page_of(rows, size, lambda row: _cursor_of(row.pk), after=after, count=matching.count)
