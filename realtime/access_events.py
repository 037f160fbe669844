"""Other processes' access changes, read from the event stream and handed to the principal cache.

A user's or role's access changed in this process reaches the cache through its unit of work
(models/unit_of_work.py); a change made by another process reaches this one only as its
``user`` / ``role`` event. This listener forwards those events, so the cache (auth/) needs to
know nothing of the stream (realtime/ imports auth/, never the other way).
"""

from __future__ import annotations

import logging

from auth.principal_cache import PrincipalCache
from models.events import Envelope
from realtime.stream import EventStream
from realtime.stream_consumer import StreamConsumer

log = logging.getLogger("tandem.auth")
ACCESS_OBJECTS = ("user", "role")


class AccessEvents(StreamConsumer):
    task_name = "principal-cache-events"

    def __init__(self, stream: EventStream, cache: PrincipalCache) -> None:
        super().__init__(stream, ACCESS_OBJECTS)
        self.cache = cache

    async def handle(self, envelope: Envelope) -> None:
        self.cache.drop(envelope.object, envelope.record_id)

    def failed(self) -> None:
        # Fell behind (a burst of user changes): forget everything.
        log.warning("principal cache fell behind the event stream; cleared")
        self.cache.clear()
