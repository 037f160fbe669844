"""The send: one ``webhook.deliver`` job per reason to try a delivery (made, retry, next of its
record, redeliver). It claims the delivery, checks the endpoint is still enabled and that no
earlier delivery of the same record is pending (order per record), resolves the host and
refuses a non-public address (addresses.py), and posts the stored body signed with the
endpoint's secrets (signing.py) through httpx: a timeout, no redirects (a 3xx is a failure),
no proxy from the environment, to the checked address itself (the Host header and TLS server
name are the URL's host), so the name is not resolved a second time.

A 2xx answer is success; anything else, a timeout or a refused address fails the attempt
(models/webhook_deliveries.py decides: retry after the backoff, give up, or disable).
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import orjson

from jobs.context import JobContext
from models import clock
from models import webhook_deliveries as deliveries
from models.webhook import WebhookDelivery, WebhookEndpoint
from models.webhook_actions import signing_secrets
from webhooks import addresses, signing

# What a receiver's answer is kept of: its status code; the body is never read past this.
USER_AGENT = "Tandem-Webhooks/1"


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    allow: tuple[addresses.Network, ...]
    timeout_seconds: float
    policy: deliveries.RetryPolicy
    # How long one send may hold its delivery before another sender may take it.
    lease: timedelta = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class Outcome:
    code: int | None
    ms: int
    error: str | None


def _url(target: addresses.Target, address: addresses.Address) -> str:
    host = f"[{address}]" if isinstance(address, ipaddress.IPv6Address) else str(address)
    return f"{target.scheme}://{host}:{target.port}{target.path}"


def _host_header(target: addresses.Target) -> str:
    default = 443 if target.scheme == "https" else 80
    return target.host if target.port == default else f"{target.host}:{target.port}"


async def send(
    endpoint: WebhookEndpoint, delivery: WebhookDelivery, config: WebhookConfig
) -> Outcome:
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = addresses.parse(endpoint.url)
        found = await addresses.resolve(target, config.allow)
    except addresses.UrlRefused as exc:
        return Outcome(None, elapsed(), exc.message)
    body = orjson.dumps(delivery.payload)
    msg_id = f"msg_{delivery.pk}"
    headers = signing.headers(signing_secrets(endpoint), msg_id, int(clock.now().timestamp()), body)
    headers["host"] = _host_header(target)
    headers["user-agent"] = USER_AGENT
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    try:
        async with httpx.AsyncClient(
            timeout=config.timeout_seconds, follow_redirects=False, trust_env=False
        ) as client:
            response = await client.post(
                _url(target, found[0]), content=body, headers=headers, extensions=extensions
            )
    except httpx.HTTPError as exc:
        return Outcome(None, elapsed(), f"{type(exc).__name__}: the request did not complete")
    code = response.status_code
    return Outcome(code, elapsed(), None if 200 <= code < 300 else f"HTTP {code}")


def deliverer(config: WebhookConfig) -> Callable[[JobContext], Awaitable[Mapping[str, Any]]]:
    """The ``webhook.deliver`` handler."""

    async def run(ctx: JobContext) -> Mapping[str, Any]:
        delivery = await deliveries.claim(int(ctx.payload["delivery"]), config.lease)
        if delivery is None:
            return {"sent": False}
        endpoint = await WebhookEndpoint.get_or_none(id=delivery.endpoint_id)
        if endpoint is None or not endpoint.enabled:
            await deliveries.give_up(delivery, "The endpoint was disabled")
            return {"sent": False}
        if await deliveries.blocked(delivery):
            await deliveries.release(delivery)
            return {"sent": False, "waiting": True}
        outcome = await send(endpoint, delivery, config)
        if outcome.error is None and outcome.code is not None:
            await deliveries.succeeded(delivery, outcome.code, outcome.ms)
        else:
            await deliveries.failed(
                delivery, outcome.code, outcome.ms, outcome.error or "failed", config.policy
            )
        return {"sent": True, "code": outcome.code}

    return run
