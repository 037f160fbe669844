"""Audit walk cases: webhook endpoints and their deliveries. The URL is a public address
literal (nothing is resolved), for payments only: the walk makes no payment, so nothing is
ever sent to it."""

from __future__ import annotations

from typing import Any

from models import clock
from models.global_ids import from_global_id, global_id
from models.webhook import WebhookDelivery
from tests.hardening.audit_cases.registry import World, case

CREATE = (
    'mutation { webhookCreate(input: {url: "https://93.184.216.34/hook", objects: [PAYMENT], '
    "events: [CREATED]}) { webhook { id } } }"
)


async def _webhook(w: World) -> str:
    made = await w.ok(CREATE)
    return str(made["webhookCreate"]["webhook"]["id"])


@case("webhookCreate")
async def _webhook_create(w: World) -> tuple[str, dict[str, Any], str]:
    return CREATE, {}, "webhook."


@case("webhookUpdate")
async def _webhook_update(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        "mutation($id: ID!) { webhookUpdate(input: {id: $id, enabled: false}) { id } }",
        {"id": await _webhook(w)},
        "webhook.",
    )


@case("webhookDelete")
async def _webhook_delete(w: World) -> tuple[str, dict[str, Any], str]:
    return "mutation($id: ID!) { webhookDelete(id: $id) }", {"id": await _webhook(w)}, "webhook."


@case("webhookRotateSecret")
async def _webhook_rotate(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        "mutation($id: ID!) { webhookRotateSecret(id: $id) { secret } }",
        {"id": await _webhook(w)},
        "webhook.",
    )


@case("webhookRedeliver")
async def _webhook_redeliver(w: World) -> tuple[str, dict[str, Any], str]:
    endpoint_id = from_global_id(await _webhook(w), "Webhook")
    # A delivery as the dispatch would have logged it (already sent once).
    now = clock.now()
    delivery = await WebhookDelivery.create(
        endpoint_id=endpoint_id,
        event_id=1,
        event_seq=1,
        object="payment",
        record_id=1,
        kind="created",
        payload={"type": "payment.created"},
        status="succeeded",
        attempts=1,
        next_attempt_at=now,
        created_at=now,
    )
    return (
        "mutation($id: ID!) { webhookRedeliver(id: $id) { id } }",
        {"id": global_id("WebhookDelivery", delivery.pk)},
        "webhook.",
    )
