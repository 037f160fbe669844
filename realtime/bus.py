"""The pub/sub bus used by subscriptions: broadcaster backends, our own fan-out.

broadcaster.Broadcast's fan-out is not used: its per-channel bookkeeping loses a queue
when two first subscribers arrive together (KeyError on exit), its queues are unbounded,
and its listener awaits each subscriber in turn. The fan-out below keeps broadcaster's
backend interface (memory:// is realtime/memory_backend.py) and fixes those.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from urllib.parse import urlsplit

from broadcaster import BroadcastBackend

from realtime.errors import BusUnavailable, SubscriberTooSlow
from realtime.memory_backend import MemoryBackend
from realtime.redis_backend import SupervisedRedisBackend
from realtime.subscription import Subscription

__all__ = ["Bus", "BusUnavailable", "SubscriberTooSlow", "Subscription"]

logger = logging.getLogger(__name__)


class _Channel:
    """Per-channel state; the lock orders broker SUBSCRIBE/UNSUBSCRIBE for the channel."""

    __slots__ = ("at_broker", "lock", "subs", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.subs: set[Subscription] = set()
        self.at_broker = False  # SUBSCRIBE sent (or being sent) and no UNSUBSCRIBE since
        self.users = 0  # subscribe() contexts holding this state, so it is freed when unused


class Bus:
    def __init__(
        self,
        url: str,
        *,
        queue_size: int = 1000,
        reconnect_min: float = 0.05,
        reconnect_max: float = 2.0,
        timeout: float = 1.0,
        keepalive: float = 15.0,
    ) -> None:
        """``timeout`` bounds connect, publish and ping; ``keepalive`` is the idle time
        after which the Redis listener PINGs to detect a dead connection."""
        if queue_size < 1:
            raise ValueError("queue_size must be at least 1")
        if not 0 < reconnect_min <= reconnect_max:
            raise ValueError("need 0 < reconnect_min <= reconnect_max")
        scheme = urlsplit(url).scheme
        self._redis: SupervisedRedisBackend | None = None
        self._backend: BroadcastBackend
        if scheme == "memory":
            self._backend = MemoryBackend(url)
        elif scheme in ("redis", "rediss", "unix"):
            self._redis = SupervisedRedisBackend(
                url,
                reconnect_min=reconnect_min,
                reconnect_max=reconnect_max,
                timeout=timeout,
                keepalive=keepalive,
                on_reconnect=self._handle_reconnect,
            )
            self._backend = self._redis
        else:
            raise ValueError(f"unsupported bus URL scheme {scheme!r}: use memory:// or redis://")
        self._queue_size = queue_size
        self.reconnects = 0
        self._channels: dict[str, _Channel] = {}
        self._callbacks: list[Callable[[], object]] = []
        self._dispatcher: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        """Start the bus; raises BusUnavailable if the broker cannot be reached."""
        if self._dispatcher is not None:
            return
        await self._backend.connect()
        self._dispatcher = asyncio.create_task(self._dispatch(), name="realtime-bus-dispatch")

    async def disconnect(self) -> None:
        """Stop the bus; live subscriptions end their iteration after buffered messages."""
        dispatcher, self._dispatcher = self._dispatcher, None
        if dispatcher is None:
            return
        dispatcher.cancel()
        await asyncio.wait({dispatcher})
        for state in self._channels.values():
            for sub in state.subs:
                sub._close()
        await self._backend.disconnect()

    async def publish(self, channel: str, message: str) -> None:
        """Raises BusUnavailable (within ``timeout``) if the broker cannot take it."""
        if self._dispatcher is None:
            raise BusUnavailable("the bus is not connected")
        await self._backend.publish(channel, message)

    def subscribe(self, channel: str) -> AbstractAsyncContextManager[Subscription]:
        """On entry the broker subscription is in place: later publishes are delivered.

        While Redis is down the subscription is still accepted and takes effect on
        reconnect (its ``gaps`` then increments), like the subscriptions already live.
        """
        return self._subscribe(channel)

    @asynccontextmanager
    async def _subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        if self._dispatcher is None:
            raise BusUnavailable("the bus is not connected")
        state = self._channels.get(channel)
        if state is None:
            state = self._channels[channel] = _Channel()
        state.users += 1
        sub = Subscription(channel, self._queue_size)
        try:
            async with state.lock:
                # Under the lock, so a concurrent first subscriber neither SUBSCRIBEs twice
                # nor enters before the SUBSCRIBE is sent.
                if not state.at_broker:
                    # Set first: if the SUBSCRIBE is interrupted, the exit path below
                    # still UNSUBSCRIBEs.
                    state.at_broker = True
                    await self._backend.subscribe(channel)
                state.subs.add(sub)
            yield sub
        finally:
            sub._close()
            state.subs.discard(sub)
            try:
                async with state.lock:
                    if not state.subs and state.at_broker:
                        state.at_broker = False
                        await self._backend.unsubscribe(channel)
            except Exception:
                # Must not mask the consumer's own exception; the worst case is a
                # channel still subscribed at the broker whose messages nobody reads.
                logger.exception("realtime: unsubscribe from %r failed", channel)
            finally:
                state.users -= 1
                if state.users == 0 and self._channels.get(channel) is state:
                    del self._channels[channel]

    async def ping(self) -> bool:
        """Readiness: the bus is running and (for Redis) the broker answers in time."""
        if self._dispatcher is None or self._dispatcher.done():
            return False
        if self._redis is None:
            return True
        return await self._redis.ping()

    def on_reconnect(self, callback: Callable[[], object]) -> Callable[[], None]:
        """Call ``callback()`` after each reconnect to the broker (messages may have been
        lost). It runs in the listener task: keep it quick, e.g. set an asyncio.Event.
        Returns a function that unregisters it."""
        self._callbacks.append(callback)

        def remove() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return remove

    def subscriber_count(self, channel: str) -> int:
        """Live (not dropped) subscriptions on ``channel`` in this process."""
        state = self._channels.get(channel)
        return len(state.subs) if state is not None else 0

    def _handle_reconnect(self) -> None:
        self.reconnects += 1
        for state in self._channels.values():
            for sub in state.subs:
                sub.gaps += 1
        for callback in list(self._callbacks):
            try:
                callback()
            except Exception:
                logger.exception("realtime: on_reconnect callback failed")

    def _drop(self, state: _Channel, sub: Subscription) -> None:
        state.subs.discard(sub)
        text = f"subscriber on {sub.channel!r} fell {self._queue_size} messages behind"
        sub._fail(SubscriberTooSlow, text)
        logger.warning("realtime: dropped a slow subscriber on %r", sub.channel)

    async def _dispatch(self) -> None:
        try:
            while True:
                event = await self._backend.next_published()
                state = self._channels.get(event.channel)
                if state is not None:
                    for sub in list(state.subs):  # copy: dropping edits the set
                        if not sub._offer(event.message):
                            self._drop(state, sub)
                # Let consumers run between events: a burst already queued in the backend
                # would otherwise fill every queue before any consumer is scheduled.
                await asyncio.sleep(0)
        except Exception:
            # A bug, not a broker failure (the backend supervises those): fail loudly
            # to every subscriber instead of leaving them hanging; ping() turns False.
            logger.exception("realtime: bus dispatcher crashed")
            for state in self._channels.values():
                for sub in state.subs:
                    sub._fail(BusUnavailable, "the realtime bus dispatcher crashed")
