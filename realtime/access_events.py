"""Other processes' access changes, read from the event stream and handed to the principal cache.

A user's or role's access changed in this process reaches the cache through its unit of work
(models/unit_of_work.py); a change made by another process reaches this one only as its
``user`` / ``role`` event. This listener forwards those events, so the cache (auth/) needs to
know nothing of the stream (realtime/ imports auth/, never the other way).
"""

from __future__ import annotations

import asyncio
import logging

from auth.principal_cache import PrincipalCache
from models.events import Envelope
from realtime.stream import EventStream

log = logging.getLogger("tandem.auth")
ACCESS_OBJECTS = ("user", "role")


class AccessEvents:
    def __init__(self, stream: EventStream, cache: PrincipalCache) -> None:
        self.stream = stream
        self.cache = cache
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="principal-cache-events")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait([self._task])
            self._task = None

    async def _listen(self) -> None:
        while True:
            listener, _ = self.stream.listen(lambda e: e.object in ACCESS_OBJECTS)
            try:
                while True:
                    self._on_event(await listener.next())
            except asyncio.CancelledError:
                raise
            except Exception:  # fell behind (a burst of user changes): forget everything
                log.warning("principal cache fell behind the event stream; cleared")
                self.cache.clear()
            finally:
                self.stream.unlisten(listener)

    def _on_event(self, envelope: Envelope) -> None:
        self.cache.drop(envelope.object, envelope.record_id)
