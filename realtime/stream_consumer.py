"""A background consumer of this process's event stream: one task that listens for the events
of some objects and handles each, starting over with a fresh listener when handling fails (a
listener that fell behind, a database error). Used by the principal cache's access events and by
the webhook dispatch's wake-ups.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Collection

from models.events import Envelope
from realtime.stream import EventStream

log = logging.getLogger("tandem.realtime")


class StreamConsumer(ABC):
    task_name = "stream-consumer"

    def __init__(self, stream: EventStream, objects: Collection[str]) -> None:
        self.stream = stream
        self.objects = frozenset(objects)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name=self.task_name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait([self._task])
            self._task = None

    @abstractmethod
    async def handle(self, envelope: Envelope) -> None:
        """What an event means to this consumer."""

    def failed(self) -> None:
        """After handling failed, before listening again (the default: log it)."""
        log.warning("%s failed; listening again", self.task_name, exc_info=True)

    async def _listen(self) -> None:
        while True:
            listener, _ = self.stream.listen(lambda e: e.object in self.objects)
            try:
                while True:
                    await self.handle(await listener.next())
            except asyncio.CancelledError:
                raise
            except Exception:
                self.failed()
            finally:
                self.stream.unlisten(listener)
