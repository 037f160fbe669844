"""A supervised Redis pub/sub backend for broadcaster, working with redis-py 8.

Why not ``broadcaster._backends.redis.RedisBackend`` (broadcaster 0.3.1):

* With redis-py 8 it delivers nothing: ``subscribe`` sets the ready flag *before*
  SUBSCRIBE is registered, the listener wakes, finds ``pubsub.subscribed`` still False,
  ``listen()`` returns at once, the flag is cleared and the listener waits forever.
  Here the flag is set only after redis-py has recorded the channel.
* When Redis goes away its listener task dies silently. Here a supervisor task
  reconnects with capped exponential backoff, resubscribes every channel still wanted,
  and reports each reconnect so that consumers can replay what they missed.
* redis-py 8's defaults differ by constructor (``Redis(host=...)``: 10 retries with
  backoff, ~4 s to fail on a refused port; ``from_url``: none) and its 5 s socket
  timeouts apply to a silent peer; here every operation is bounded by ``timeout``.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from broadcaster import BroadcastBackend, Event
from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from realtime.errors import BusUnavailable

logger = logging.getLogger(__name__)

# OSError covers socket errors and the builtin TimeoutError raised by asyncio.timeout.
_BROKER_ERRORS = (RedisError, OSError)


def redact_url(url: str) -> str:
    """The URL without its password, for error messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class SupervisedRedisBackend(BroadcastBackend):
    def __init__(
        self,
        url: str,
        *,
        reconnect_min: float = 0.05,
        reconnect_max: float = 2.0,
        timeout: float = 1.0,
        keepalive: float = 15.0,
        on_reconnect: Callable[[], None] | None = None,
    ) -> None:
        # Not calling BroadcastBackend.__init__: it only raises NotImplementedError.
        self._url = url
        self.safe_url = redact_url(url)
        self._reconnect_min = reconnect_min
        self._reconnect_max = reconnect_max
        self._timeout = timeout
        self._keepalive = keepalive
        self._on_reconnect = on_reconnect
        # Channels the bus wants, whatever the connection state: the source of truth
        # for resubscribing after a reconnect.
        self._channels: set[str] = set()
        self._ready = asyncio.Event()
        # Unbounded, but drained by the bus dispatcher, which never blocks.
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._publisher: Redis | None = None
        self._listen_client: Redis | None = None
        # The live session's pubsub; None while (re)connecting.
        self._pubsub: PubSub | None = None
        self._broken = False
        self._supervisor: asyncio.Task[None] | None = None

    def _client(self, retry: Retry) -> Redis:
        return Redis.from_url(
            self._url,
            decode_responses=True,
            socket_timeout=self._timeout,
            socket_connect_timeout=self._timeout,
            retry=retry,
        )

    async def connect(self) -> None:
        if self._supervisor is not None:
            return
        # Made here rather than in __init__: the bus may be built before the event loop
        # that runs it, and a connect after a disconnect must not reuse stale state.
        self._ready = asyncio.Event()
        self._queue = asyncio.Queue()
        self._broken = False
        # One immediate retry: a pooled connection may be stale after a Redis restart.
        self._publisher = self._client(Retry(NoBackoff(), 1))
        # No retry on the pub/sub connection: with retries redis-py reconnects and
        # resubscribes behind our back, hiding the gap; even with 0 its failure hook
        # reconnects once before raising. supported_errors=() skips both.
        self._listen_client = self._client(Retry(NoBackoff(), 0, supported_errors=()))
        try:
            async with asyncio.timeout(self._timeout):
                await self._publisher.ping()
                pubsub = await self._open_session()
        except _BROKER_ERRORS as exc:
            await self._close_clients()
            raise BusUnavailable(
                f"cannot reach Redis at {self.safe_url}: {_describe(exc)}"
            ) from exc
        except BaseException:  # e.g. cancelled during startup: do not leak sockets
            await self._close_clients()
            raise
        self._go_live(pubsub)
        self._supervisor = asyncio.create_task(
            self._supervise(pubsub), name="realtime-redis-listener"
        )

    async def disconnect(self) -> None:
        supervisor, self._supervisor = self._supervisor, None
        if supervisor is not None:
            supervisor.cancel()
            # asyncio.wait neither raises the task's CancelledError nor swallows ours.
            await asyncio.wait({supervisor})
        await self._close_clients()

    async def subscribe(self, channel: str) -> None:
        self._channels.add(channel)
        pubsub = self._pubsub
        if pubsub is None:
            return  # reconnecting: _open_session subscribes to everything in _channels
        try:
            await pubsub.subscribe(channel)
        except _BROKER_ERRORS as exc:
            self._mark_broken(pubsub, exc)
            return
        # Only now does redis-py count the channel in pubsub.subscribed: waking the
        # listener earlier is the broadcaster 0.3.1 bug.
        self._ready.set()

    async def unsubscribe(self, channel: str) -> None:
        self._channels.discard(channel)
        pubsub = self._pubsub
        if pubsub is None:
            return
        try:
            await pubsub.unsubscribe(channel)
        except _BROKER_ERRORS as exc:
            self._mark_broken(pubsub, exc)

    async def publish(self, channel: str, message: str) -> None:
        publisher = self._publisher
        if publisher is None:
            raise BusUnavailable("the Redis bus is not connected")
        try:
            async with asyncio.timeout(self._timeout):
                await publisher.publish(channel, message)
        except _BROKER_ERRORS as exc:
            raise BusUnavailable(
                f"cannot publish to Redis at {self.safe_url}: {_describe(exc)}"
            ) from exc

    async def next_published(self) -> Event:
        return await self._queue.get()

    async def ping(self) -> bool:
        # Not tied to the listener's session: just after Redis returns it may still be in
        # backoff (<= reconnect_max) and readiness should not flap for that.
        if self._publisher is None or self._supervisor is None or self._supervisor.done():
            return False
        try:
            async with asyncio.timeout(self._timeout):
                return bool(await self._publisher.ping())
        except _BROKER_ERRORS:
            return False

    async def _supervise(self, pubsub: PubSub) -> None:
        try:
            await self._keep_listening(pubsub)
        except Exception:
            # Only a bug gets here (broker failures are retried forever). Not re-raised:
            # ping() reports False, and no task holds an exception nobody retrieves.
            logger.exception("realtime: Redis listener crashed; the bus no longer receives")

    async def _keep_listening(self, pubsub: PubSub) -> None:
        while True:
            try:
                await self._pump(pubsub)
            except Exception as exc:  # any failure of the session means: reconnect
                logger.warning(
                    "realtime: Redis pub/sub connection to %s lost: %s",
                    self.safe_url,
                    _describe(exc),
                )
            finally:
                # Before any await, so subscribe/unsubscribe stop using the dead session.
                self._pubsub = None
                await _close_pubsub(pubsub)
            pubsub = await self._reconnect()
            self._go_live(pubsub)
            logger.warning("realtime: reconnected to Redis at %s", self.safe_url)
            if self._on_reconnect is not None:
                try:
                    self._on_reconnect()
                except Exception:
                    logger.exception("realtime: on_reconnect callback failed")

    async def _reconnect(self) -> PubSub:
        delay = self._reconnect_min
        while True:
            # Jitter so that many app instances do not all hit a restarted Redis at once.
            await asyncio.sleep(random.uniform(delay / 2, delay))
            try:
                async with asyncio.timeout(self._timeout):
                    return await self._open_session()
            except _BROKER_ERRORS as exc:
                logger.debug("realtime: reconnect to %s failed: %s", self.safe_url, _describe(exc))
            delay = min(delay * 2, self._reconnect_max)

    async def _open_session(self) -> PubSub:
        assert self._listen_client is not None
        pubsub = self._listen_client.pubsub()
        try:
            await pubsub.connect()
            # Loop: subscribe/unsubscribe only edit _channels while _pubsub is None, so
            # the wanted set may change during each await below.
            while True:
                have = set(pubsub.channels) - set(pubsub.pending_unsubscribe_channels)
                missing, extra = self._channels - have, have - self._channels
                if missing:
                    await pubsub.subscribe(*sorted(missing))
                elif extra:
                    await pubsub.unsubscribe(*sorted(extra))
                else:
                    return pubsub
        except BaseException:
            await _close_pubsub(pubsub)
            raise

    def _go_live(self, pubsub: PubSub) -> None:
        # Synchronous, right after _open_session's final check: no change can slip between.
        self._pubsub = pubsub
        self._broken = False
        self._ready.set()

    async def _pump(self, pubsub: PubSub) -> None:
        """Read one connection until it fails; only returns by raising."""
        awaiting_pong = False
        while True:
            self._check_alive(pubsub)
            if not pubsub.subscribed:
                # Nothing to read yet. Clear, then wait: a subscribe completing after the
                # check above sets the flag again.
                self._ready.clear()
                await self._ready.wait()
                continue
            # Bounded read so that a peer gone without closing the socket is noticed:
            # idle -> PING; still silent after another period -> dead.
            message = await pubsub.get_message(timeout=self._keepalive)
            if message is None:
                if awaiting_pong:
                    raise TimeoutError(f"no reply to PING within {self._keepalive}s")
                self._check_alive(pubsub)
                await pubsub.ping()
                awaiting_pong = True
                continue
            awaiting_pong = False
            if message["type"] == "message":
                self._queue.put_nowait(Event(channel=message["channel"], message=message["data"]))

    def _check_alive(self, pubsub: PubSub) -> None:
        # redis-py silently reconnects a disconnected pubsub on its next read or command,
        # which would hide the gap: treat a dropped socket as a lost session instead.
        if self._broken or pubsub.connection is None or not pubsub.connection.is_connected:
            raise RedisConnectionError("pub/sub connection closed")

    def _mark_broken(self, pubsub: PubSub, exc: BaseException) -> None:
        logger.warning(
            "realtime: Redis (un)subscribe failed on %s: %s", self.safe_url, _describe(exc)
        )
        if self._pubsub is pubsub:
            self._broken = True
            self._ready.set()  # wake an idle listener so that it reconnects

    async def _close_clients(self) -> None:
        for client in (self._publisher, self._listen_client):
            if client is not None:
                await client.aclose()
        self._publisher = self._listen_client = None


async def _close_pubsub(pubsub: PubSub) -> None:
    try:
        await pubsub.aclose()
    except _BROKER_ERRORS as exc:  # closing a dead connection may fail; it is gone anyway
        logger.debug("realtime: error closing pub/sub connection: %s", _describe(exc))


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
