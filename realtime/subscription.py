"""One consumer's bounded view of a channel."""

from __future__ import annotations

import asyncio
from collections import deque

from realtime.errors import BusUnavailable, SubscriberTooSlow


class Subscription:
    """Async iterator over the messages (str) published on one channel.

    Only the bus feeds it, through ``_offer``; ``_offer`` never blocks, so one slow
    consumer can never stall the fan-out to the others (broadcaster awaits each
    subscriber's queue in turn, and its queues are unbounded).
    """

    def __init__(self, channel: str, maxsize: int) -> None:
        self.channel = channel
        # Incremented by the bus each time the broker connection was re-established while
        # this subscription was live: messages published during the outage are lost, so a
        # consumer that sees ``gaps`` change should replay from its outbox cursor.
        self.gaps = 0
        self._maxsize = maxsize
        self._items: deque[str] = deque()
        self._wakeup = asyncio.Event()
        self._closed = False
        # Stored as (type, text) rather than as an instance: re-raising one instance on
        # every ``__anext__`` would keep growing its traceback.
        self._failure: tuple[type[Exception], str] | None = None

    @property
    def dropped(self) -> bool:
        """True once the bus has given up on this subscription (too slow or bus failure)."""
        return self._failure is not None

    @property
    def pending(self) -> int:
        """Messages received but not yet consumed."""
        return len(self._items)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> str:
        while True:
            if self._failure is not None:
                kind, text = self._failure
                raise kind(text)
            if self._items:
                return self._items.popleft()
            if self._closed:
                raise StopAsyncIteration
            # No await between the checks above and clear(): a wake-up cannot be lost.
            self._wakeup.clear()
            await self._wakeup.wait()

    # The methods below are for the bus only.

    def _offer(self, message: str) -> bool:
        """Queue a message; False if the queue is full (the caller then drops us)."""
        if self._closed or self._failure is not None:
            return True
        if len(self._items) >= self._maxsize:
            return False
        self._items.append(message)
        self._wakeup.set()
        return True

    def _fail(self, kind: type[SubscriberTooSlow] | type[BusUnavailable], text: str) -> None:
        # Buffered messages are discarded at once: holding on to them is exactly the
        # memory growth the bound is there to prevent, and the consumer must resync anyway.
        self._items.clear()
        self._failure = (kind, text)
        self._wakeup.set()

    def _close(self) -> None:
        """End iteration once the buffered messages have been consumed."""
        self._closed = True
        self._wakeup.set()
