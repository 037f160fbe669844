"""Wakes the dispatch when events of webhook record types reach this process's event stream.

Each such event asks for the dispatch job (one waits or runs at a time: an exclusive key) and
wakes a worker for it; the dispatch reads the outbox itself, so a lost or merged wake-up costs
nothing but latency. (A dispatch that is finishing when the next event comes may return just
before reading it: that event then goes out with the next one.)
"""

from __future__ import annotations

import asyncio
import logging

from models.job import Job
from models.webhook import OBJECTS, WebhookEndpoint
from realtime.stream import EventStream
from webhooks.dispatch import Wake, request_dispatch

log = logging.getLogger("tandem.webhooks")


class WebhookEvents:
    def __init__(self, stream: EventStream, wake: Wake) -> None:
        self.stream = stream
        self.wake = wake
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="webhook-dispatch-events")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait([self._task])
            self._task = None

    async def _listen(self) -> None:
        while True:
            listener, _ = self.stream.listen(lambda e: e.object in OBJECTS)
            try:
                while True:
                    await listener.next()
                    await self._dispatch()
            except asyncio.CancelledError:
                raise
            except Exception:  # fell behind, or the database failed: the next event retries
                log.warning("webhook dispatch wake-up failed", exc_info=True)
            finally:
                self.stream.unlisten(listener)

    async def _dispatch(self) -> None:
        # Without an enabled endpoint there is nothing to dispatch (and no job to show).
        if not await WebhookEndpoint.exists(enabled=True):
            return
        job: Job = await request_dispatch()
        await self.wake(job)
