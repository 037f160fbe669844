"""A webhook delivery's life: queued as a job, claimed by one sender, its outcome recorded, the
next of its record woken, retried after a backoff, or given up; an endpoint that keeps failing
is disabled and its owner notified. Each outcome is one unit of work.

Order per record: a delivery is sent only when no earlier one of the same endpoint and record
is still pending (``blocked``); when one ends (sent, or given up) the next of its record gets a
job. Every delivery also gets a job when it is made, so none waits for a wake-up that was
decided before it existed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import Q

from models import clock, job_actions
from models import notification as kinds
from models.audit import write_audit
from models.i18n import msg
from models.job import Job
from models.notifications import notify
from models.unit_of_work import unit_of_work
from models.webhook import FAILED, PENDING, SUCCEEDED, WebhookDelivery, WebhookEndpoint

DELIVER_KIND = "webhook.deliver"
ERROR_MAX = 500


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    # The first retry's wait; each further one doubles it.
    base: timedelta
    # No attempt later than this after the delivery was made: then it is given up.
    window: timedelta
    # Failed attempts in a row (any delivery of the endpoint) that disable it.
    disable_after: int

    def backoff(self, attempts: int) -> timedelta:
        return self.base * (2 ** max(0, attempts - 1))


async def schedule(delivery: WebhookDelivery, why: str, run_at: datetime | None = None) -> Job:
    """The job that sends ``delivery`` (inside the caller's unit of work, when there is one).
    ``why`` makes the key: each reason to try is one job, however often it is asked for."""
    return await job_actions.enqueue(
        DELIVER_KIND,
        {"delivery": delivery.pk},
        idempotency_key=f"webhook:{delivery.pk}:{why}",
        max_attempts=3,
        run_at=run_at,
    )


async def blocked(delivery: WebhookDelivery) -> bool:
    """An earlier delivery of the same endpoint and record is still pending."""
    return await WebhookDelivery.exists(
        endpoint_id=delivery.endpoint_id,
        object=delivery.object,
        record_id=delivery.record_id,
        event_seq__lt=delivery.event_seq,
        status=PENDING,
    )


async def claim(delivery_id: int, lease: timedelta) -> WebhookDelivery | None:
    """Take a pending, due delivery for one send; None if it is not (sent, not due yet, or
    another sender holds it). A conditional update: two senders never both win."""
    now = clock.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    taken = await WebhookDelivery.filter(
        free, id=delivery_id, status=PENDING, next_attempt_at__lte=now
    ).update(claimed_until=now + lease)
    if not taken:
        return None
    return await WebhookDelivery.get(id=delivery_id)


async def _wake_next(delivery: WebhookDelivery) -> None:
    following = (
        await WebhookDelivery.filter(
            endpoint_id=delivery.endpoint_id,
            object=delivery.object,
            record_id=delivery.record_id,
            event_seq__gt=delivery.event_seq,
            status=PENDING,
        )
        .order_by("event_seq")
        .first()
    )
    if following is not None:
        await schedule(following, f"after:{delivery.pk}:{delivery.attempts}")


def _attempted(delivery: WebhookDelivery, code: int | None, ms: int, error: str | None) -> None:
    delivery.attempts += 1
    delivery.response_code = code
    delivery.duration_ms = ms
    delivery.error = error[:ERROR_MAX] if error else None
    delivery.last_attempt_at = clock.now()
    delivery.claimed_until = None


async def succeeded(delivery: WebhookDelivery, code: int, ms: int) -> None:
    async with unit_of_work():
        _attempted(delivery, code, ms, None)
        delivery.status = SUCCEEDED
        await delivery.save()
        await WebhookEndpoint.filter(id=delivery.endpoint_id).update(failures=0)
        await _wake_next(delivery)


async def failed(
    delivery: WebhookDelivery, code: int | None, ms: int, error: str, policy: RetryPolicy
) -> None:
    """This attempt failed: retried after the backoff while inside the window, else given up;
    the endpoint's failures in a row reaching the limit disable it."""
    now = clock.now()
    async with unit_of_work():
        _attempted(delivery, code, ms, error)
        endpoint = await WebhookEndpoint.select_for_update().get(id=delivery.endpoint_id)
        endpoint.failures += 1
        await endpoint.save(update_fields=["failures"])
        if endpoint.failures >= policy.disable_after:
            await delivery.save()
            await disable(endpoint, f"{endpoint.failures} failed deliveries in a row")
            return
        retry_at = now + policy.backoff(delivery.attempts)
        if retry_at > delivery.created_at + policy.window:
            delivery.status = FAILED
            await delivery.save()
            await _wake_next(delivery)
            return
        delivery.next_attempt_at = retry_at
        await delivery.save()
        await schedule(delivery, f"try:{delivery.attempts}", run_at=retry_at)


async def disable(endpoint: WebhookEndpoint, reason: str) -> None:
    """Stop sending to it: its pending deliveries fail, and its owner is told."""
    async with unit_of_work():
        endpoint.enabled = False
        endpoint.disabled_reason = reason
        await endpoint.save(update_fields=["enabled", "disabled_reason"])
        await WebhookDelivery.filter(endpoint_id=endpoint.pk, status=PENDING).update(
            status=FAILED, error="The endpoint was disabled", claimed_until=None
        )
        await notify(
            endpoint.owner_id,
            kinds.WEBHOOK_DISABLED,
            text=msg(
                "Your webhook to {url} was disabled: {reason}",
                url=endpoint.url[:300],
                reason=reason,
            ),
        )


async def give_up(delivery: WebhookDelivery, error: str) -> None:
    """Not sendable (its endpoint was disabled meanwhile): failed without an attempt."""
    async with unit_of_work():
        delivery.status = FAILED
        delivery.error = error[:ERROR_MAX]
        delivery.claimed_until = None
        await delivery.save()
        await _wake_next(delivery)


async def redeliver(delivery_id: int, actor_id: int) -> WebhookDelivery:
    """Send it again now (whatever its status), as a new attempt with its original payload."""
    async with unit_of_work():
        delivery = await WebhookDelivery.select_for_update().get(id=delivery_id)
        await write_audit(
            actor_id,
            "webhook.redeliver",
            "webhook",
            delivery.endpoint_id,
            {"delivery": delivery.pk, "status": delivery.status},
            None,
        )
        delivery.status = PENDING
        delivery.next_attempt_at = clock.now()
        delivery.claimed_until = None
        # A fresh window for its retries.
        delivery.created_at = clock.now()
        await delivery.save()
        await schedule(delivery, f"again:{uuid.uuid4().hex}")
    return delivery


async def release(delivery: WebhookDelivery) -> None:
    """Not sent now (an earlier one of its record is pending): free it for the job that the
    earlier one's end will make."""
    await WebhookDelivery.filter(id=delivery.pk).update(claimed_until=None)
