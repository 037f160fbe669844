"""One ordered stream of committed events per process, fed by the bus and mended from the outbox.

Events arrive from the broker in any order and some may never arrive (a broker outage, a relay
that numbered a batch but could not publish it). ``seq`` is gapless, so the stream delivers
strictly in order: an event ahead of the next expected one makes it read the missing ones from
the outbox first; one already delivered is dropped. A periodic catch-up and one after every broker
reconnect cover the events nobody will ever publish again.

Listeners are the subscriptions of this process; each has a bounded queue, and one that falls
too far behind is dropped (it must resubscribe with ``after``) rather than grow memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from models.events import Envelope
from models.outbox import OutboxEvent
from realtime.bus import Bus
from realtime.direct import Handled
from realtime.errors import SubscriberTooSlow

log = logging.getLogger(__name__)
CATCH_UP_BATCH = 500
STOP_GRACE_SECONDS = 5.0


class Listener:
    """One subscription's queue of envelopes, filtered by a predicate at the stream.

    While its consumer waits with an empty queue, a listener may deliver live envelopes itself
    (``direct``, realtime/direct.py) instead of waking the consumer; anything ``direct`` leaves
    to the consumer is queued as before, and queued envelopes keep later ones queued behind
    them, so order holds across both paths. A catch-up pass (events the bus lost, or a burst
    read from the outbox) is queued as before too: a subscriber whose queue it overflows is
    dropped, as it always was.
    """

    # Slots, no queue until one is needed and no Event: an idle subscription keeps one of these
    # for as long as it lives (a deque and an asyncio.Event cost ~1.5 KiB, tracemalloc).
    __slots__ = ("_items", "_waiter", "accepts", "direct", "failed", "maxsize", "sending")

    def __init__(self, accepts: Callable[[Envelope], bool], maxsize: int) -> None:
        self.accepts = accepts
        self.maxsize = maxsize
        self._items: deque[Envelope] | None = None
        # The future the consumer awaits while it waits for an envelope, if it waits.
        self._waiter: asyncio.Future[None] | None = None
        self.failed: str | None = None
        self.direct: Callable[[Envelope], Handled] | None = None
        # A direct send still waiting for its socket to drain.
        self.sending: asyncio.Future[Any] | None = None

    def offer(self, envelope: Envelope, live: bool = True) -> bool:
        direct = self.direct
        items = self._items
        if live and direct is not None and not items:
            sending = self.sending
            if sending is None or sending.done():
                handled = direct(envelope)
                if handled is not False:
                    self.sending = None if handled is True else handled
                    return True
        if items is None:
            items = self._items = deque()
        if len(items) >= self.maxsize:
            items.clear()
            self.failed = "This subscription fell too far behind; resubscribe with `after`"
            self._wake()
            return False
        items.append(envelope)
        self._wake()
        return True

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def drain(self) -> list[Envelope]:
        """The envelopes queued now, without waiting (a coalescing consumer takes them all)."""
        if self.failed is not None:
            raise SubscriberTooSlow(self.failed)
        items = self._items
        if not items:
            return []
        taken = list(items)
        items.clear()
        return taken

    async def next(self, direct: Callable[[Envelope], Handled] | None = None) -> Envelope:
        """The next envelope; ``direct`` delivers the ones that come while this waits."""
        while True:
            if self.failed is not None:
                raise SubscriberTooSlow(self.failed)
            items = self._items
            if items:
                # The consumer handles this one: nothing is delivered past it meanwhile.
                self.direct = None
                sending = self.sending
                if sending is not None:
                    self.sending = None
                    await asyncio.wait([sending])  # its frame goes out first
                    continue
                return items.popleft()
            self.direct = direct
            # No await between the checks above and this: a wake-up cannot be lost.
            waiter = self._waiter = asyncio.get_running_loop().create_future()
            try:
                await waiter
            finally:
                self._waiter = None


async def read_range(after: int, upto: int | None = None) -> list[Envelope]:
    """Relayed events with after < seq (<= upto), oldest first, one batch."""
    query = OutboxEvent.filter(seq__gt=after)
    if upto is not None:
        query = query.filter(seq__lte=upto)
    rows = await query.order_by("seq").limit(CATCH_UP_BATCH)
    return [row.envelope() for row in rows]


async def oldest_seq() -> int | None:
    """The oldest event still kept (older ones were pruned), or None if none is kept."""
    first = await OutboxEvent.filter(seq__isnull=False).order_by("seq").first()
    return first.seq if first is not None else None


async def latest_seq() -> int:
    top = await OutboxEvent.filter(seq__isnull=False).order_by("-seq").first()
    return top.seq if top is not None and top.seq is not None else 0


class EventStream:
    def __init__(
        self, bus: Bus, channel: str, *, poll_seconds: float = 1.0, queue_size: int = 1000
    ) -> None:
        self.bus = bus
        self.channel = channel
        self.poll_seconds = poll_seconds
        self.queue_size = queue_size
        # The seq of the last event delivered to listeners.
        self.position = 0
        self._listeners: set[Listener] = set()
        self._lock = asyncio.Lock()
        self._tasks: list[asyncio.Task[None]] = []
        self._ready = asyncio.Event()
        self._remove_reconnect: Callable[[], None] | None = None

    async def start(self) -> None:
        self.position = await latest_seq()
        self._remove_reconnect = self.bus.on_reconnect(self._on_reconnect)
        self._tasks = [
            asyncio.create_task(self._listen(), name="event-stream-listen"),
            asyncio.create_task(self._poll(), name="event-stream-poll"),
        ]
        async with asyncio.timeout(10):
            await self._ready.wait()

    async def stop(self) -> None:
        if self._remove_reconnect is not None:
            self._remove_reconnect()
        # Under the lock no catch-up is half-way through a query when its task is cancelled;
        # a query stuck on a dead database gets a few seconds, not forever.
        try:
            async with asyncio.timeout(STOP_GRACE_SECONDS):
                await self._lock.acquire()
            locked = True
        except TimeoutError:
            locked = False
        for task in self._tasks:
            task.cancel()
        if locked:
            self._lock.release()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=STOP_GRACE_SECONDS)

    async def restart(self) -> None:
        """Continue from the outbox's current end (after a restore, or a test's clean slate)."""
        async with self._lock:
            self.position = await latest_seq()

    def listen(self, accepts: Callable[[Envelope], bool]) -> tuple[Listener, int]:
        """A new listener and the position it starts after; nothing happens in between."""
        listener = Listener(accepts, self.queue_size)
        self._listeners.add(listener)
        return listener, self.position

    def unlisten(self, listener: Listener) -> None:
        self._listeners.discard(listener)

    async def catch_up(self, upto: int | None = None) -> None:
        async with self._lock:
            await self._catch_up_locked(upto)

    async def _catch_up_locked(self, upto: int | None) -> None:
        while True:
            batch = await read_range(self.position, upto)
            for envelope in batch:
                self._deliver(envelope, live=False)
            if len(batch) < CATCH_UP_BATCH:
                return

    async def _accept(self, envelope: Envelope) -> None:
        async with self._lock:
            if envelope.seq <= self.position:
                return  # already delivered (a late publish, or read during catch-up)
            if envelope.seq > self.position + 1:
                await self._catch_up_locked(envelope.seq - 1)
            if envelope.seq == self.position + 1:
                self._deliver(envelope)

    def _deliver(self, envelope: Envelope, live: bool = True) -> None:
        self.position = envelope.seq
        for listener in list(self._listeners):
            if listener.failed is None and listener.accepts(envelope):
                listener.offer(envelope, live)

    def _on_reconnect(self) -> None:
        # Messages published while the broker was away are gone from the bus, not the outbox.
        task = asyncio.get_running_loop().create_task(self.catch_up())
        self._tasks = [t for t in self._tasks if not t.done()] + [task]

    async def _listen(self) -> None:
        while True:
            try:
                async with self.bus.subscribe(self.channel) as messages:
                    self._ready.set()
                    # Anything relayed between start() and the subscription being live.
                    await self.catch_up()
                    async for text in messages:
                        await self._accept(Envelope.loads(text))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the bus failed this subscription: resubscribe
                log.warning("event stream lost its bus subscription (%s); resubscribing", exc)
                await asyncio.sleep(0.1)

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.poll_seconds)
            try:
                await self.catch_up()
            except Exception:  # a failed poll is retried at the next one
                log.exception("event stream catch-up failed")
