"""Wakes the dispatch when events of webhook record types reach this process's event stream.

Each such event asks for the dispatch job (one waits or runs at a time: an exclusive key) and
wakes a worker for it; the dispatch reads the outbox itself, so a lost or merged wake-up costs
nothing but latency. (A dispatch that is finishing when the next event comes may return just
before reading it: that event then goes out with the next one.)
"""

from __future__ import annotations

import logging

from models.events import Envelope
from models.job import Job
from models.webhook import OBJECTS, WebhookEndpoint
from realtime.stream import EventStream
from realtime.stream_consumer import StreamConsumer
from webhooks.dispatch import Wake, request_dispatch

log = logging.getLogger("tandem.webhooks")


class WebhookEvents(StreamConsumer):
    task_name = "webhook-dispatch-events"

    def __init__(self, stream: EventStream, wake: Wake) -> None:
        super().__init__(stream, OBJECTS)
        self.wake = wake

    async def handle(self, envelope: Envelope) -> None:
        # Without an enabled endpoint there is nothing to dispatch (and no job to show).
        if not await WebhookEndpoint.exists(enabled=True):
            return
        job: Job = await request_dispatch()
        await self.wake(job)

    def failed(self) -> None:
        # Fell behind, or the database failed: the next event retries.
        log.warning("webhook dispatch wake-up failed", exc_info=True)
