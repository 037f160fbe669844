"""From the outbox to deliveries: each committed event, for each enabled endpoint that asked for
its record type and kind, becomes one delivery row with the body its owner may see.

One ``webhook.dispatch`` job at a time (an exclusive key) reads the events after the cursor
(``webhook_cursor``, by ``seq``: only committed, relayed events have one, in commit order),
writes their deliveries and moves the cursor in one unit of work: a dispatch that dies
leaves the cursor where it was, and the unique (endpoint, event) key makes a repeat harmless.
Every new delivery gets its job in the same unit of work (models/webhook_deliveries.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from jobs.context import JobContext
from models import job_actions
from models.access.principals import principal_for_user
from models.access.records import RecordAccess
from models.errors import Unauthenticated
from models.events import Envelope
from models.job import Job
from models.outbox import OutboxEvent
from models.unit_of_work import unit_of_work
from models.webhook import OBJECTS, WebhookCursor, WebhookDelivery, WebhookEndpoint
from models.webhook_deliveries import schedule
from webhooks.payloads import LEFT_VIEW, payload

DISPATCH_KIND = "webhook.dispatch"
BATCH = 200
Wake = Callable[[Job], Awaitable[None]]


async def request_dispatch() -> Job:
    """The dispatch job: the waiting or running one, or a new one."""
    return await job_actions.enqueue(DISPATCH_KIND, exclusive_key=DISPATCH_KIND, max_attempts=3)


class _Owners:
    """Endpoint owners' access per record type, built once per batch."""

    def __init__(self) -> None:
        self._access: dict[tuple[int, str], RecordAccess | None] = {}

    async def access(self, user_id: int, obj: str) -> RecordAccess | None:
        key = (user_id, obj)
        if key not in self._access:
            try:
                principal = await principal_for_user(user_id, None)
            except Unauthenticated:  # an inactive owner's endpoints send nothing
                self._access[key] = None
            else:
                self._access[key] = RecordAccess.of_principal(principal, obj)
        return self._access[key]


def _wants(endpoint: WebhookEndpoint, envelope: Envelope, kind: str) -> bool:
    if envelope.object not in endpoint.objects or envelope.id <= endpoint.after_event:
        return False
    # Leaving the owner's view is a change of the record: heard with "updated".
    return (kind if kind != LEFT_VIEW else "updated") in endpoint.events


async def dispatch_batch() -> list[Job]:
    """Turn the next batch of events into deliveries; the jobs made (to wake after commit)."""
    jobs: list[Job] = []
    async with unit_of_work():
        cursor = await WebhookCursor.select_for_update().get_or_none(id=1)
        if cursor is None:
            cursor = await WebhookCursor.create(id=1, last_seq=0)
        rows = (
            await OutboxEvent.filter(seq__gt=cursor.last_seq, object__in=OBJECTS)
            .order_by("seq")
            .limit(BATCH)
        )
        if not rows:
            return jobs
        endpoints = list(await WebhookEndpoint.filter(enabled=True).order_by("id"))
        owners = _Owners()
        for row in rows:
            envelope = row.envelope()
            for endpoint in endpoints:
                if envelope.object not in endpoint.objects:
                    continue
                access = await owners.access(endpoint.owner_id, envelope.object)
                body = payload(access, envelope) if access is not None else None
                if body is None or not _wants(endpoint, envelope, body["data"]["kind"]):
                    continue
                delivery = await WebhookDelivery.create(
                    endpoint_id=endpoint.pk,
                    event_id=envelope.id,
                    event_seq=envelope.seq,
                    object=envelope.object,
                    record_id=envelope.record_id,
                    kind=body["data"]["kind"],
                    payload=body,
                    next_attempt_at=envelope.at,
                    created_at=envelope.at,
                )
                jobs.append(await schedule(delivery, "new"))
        cursor.last_seq = int(rows[-1].seq or cursor.last_seq)
        await cursor.save()
    return jobs


def dispatcher(wake: Wake | None) -> Callable[[JobContext], Awaitable[Mapping[str, Any]]]:
    """The ``webhook.dispatch`` handler: batches until the outbox is read to its end."""

    async def run(ctx: JobContext) -> Mapping[str, Any]:
        made = 0
        while True:
            jobs = await dispatch_batch()
            made += len(jobs)
            if wake is not None:
                for job in jobs:
                    await wake(job)
            if not jobs and not await _more():
                return {"deliveries": made}

    return run


async def _more() -> bool:
    cursor = await WebhookCursor.get_or_none(id=1)
    last = cursor.last_seq if cursor is not None else 0
    return await OutboxEvent.exists(seq__gt=last, object__in=OBJECTS)
