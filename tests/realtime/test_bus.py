"""The realtime bus on memory:// and on a private redis-server started by these tests.

The machine's shared Redis (6379) is never touched: each Redis test gets its own
``redis-server`` on a free port, killed (and restarted) by its own PID.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import pytest_asyncio
import redis
from redis.asyncio import Redis

from realtime.bus import Bus, BusUnavailable, SubscriberTooSlow, Subscription

pytestmark = pytest.mark.asyncio


def fast_bus(
    url: str, *, queue_size: int = 1000, keepalive: float = 15.0, timeout: float = 0.5
) -> Bus:
    # Fast reconnects and short timeouts so that the fault tests take well under a second.
    return Bus(
        url,
        queue_size=queue_size,
        reconnect_min=0.01,
        reconnect_max=0.05,
        timeout=timeout,
        keepalive=keepalive,
    )


WAIT = 5.0  # upper bound for anything awaited; tests normally finish far sooner


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(self.workdir)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Polling is unavoidable here: the server gives no other sign that it listens.
        async with asyncio.timeout(WAIT):
            while True:
                assert self.process.returncode is None, "redis-server exited"
                try:
                    _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                except OSError:
                    await asyncio.sleep(0.01)
                    continue
                writer.close()
                await writer.wait_closed()
                return

    async def kill(self) -> None:
        if self.process is not None:
            self.process.kill()  # by PID; SIGKILL also ends a SIGSTOPped server
            await self.process.wait()
            self.process = None

    def signal(self, sig: signal.Signals) -> None:
        assert self.process is not None
        os.kill(self.process.pid, sig)


@pytest_asyncio.fixture(autouse=True)
async def no_leaked_tasks() -> AsyncIterator[None]:
    # Autouse, so set up first and torn down last: after every bus has been disconnected.
    yield
    leaked = asyncio.all_tasks() - {asyncio.current_task()}
    assert not leaked, f"tasks left running: {leaked}"


@pytest_asyncio.fixture
async def redis_server(tmp_path: Path) -> AsyncIterator[RedisServer]:
    server = RedisServer(tmp_path)
    await server.start()
    try:
        yield server
    finally:
        await server.kill()


@pytest_asyncio.fixture
async def make_bus() -> AsyncIterator[Callable[..., Awaitable[Bus]]]:
    buses: list[Bus] = []

    async def make(
        url: str, *, queue_size: int = 1000, keepalive: float = 15.0, broker_timeout: float = 0.5
    ) -> Bus:
        bus = fast_bus(url, queue_size=queue_size, keepalive=keepalive, timeout=broker_timeout)
        await bus.connect()
        buses.append(bus)
        return bus

    yield make
    for bus in buses:
        await bus.disconnect()


@pytest_asyncio.fixture(params=["memory", "redis"])
async def bus_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "memory":
        yield "memory://"
        return
    server = RedisServer(tmp_path)
    await server.start()
    try:
        yield server.url
    finally:
        await server.kill()


async def take(sub: Subscription, count: int) -> list[str]:
    async def read() -> list[str]:
        messages: list[str] = []
        async for message in sub:
            messages.append(message)
            if len(messages) == count:
                break
        return messages

    return await asyncio.wait_for(read(), WAIT)


async def numsub(url: str, channel: str) -> int:
    client = Redis.from_url(url, decode_responses=True)
    try:
        [(_, count)] = await client.pubsub_numsub(channel)
        return int(count)
    finally:
        await client.aclose()


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    # For state only visible from outside (the broker's PUBSUB NUMSUB): poll briefly.
    async with asyncio.timeout(WAIT):
        while not await check():  # noqa: ASYNC110 (no event for broker-side state)
            await asyncio.sleep(0.01)


async def test_delivers_every_message(
    make_bus: Callable[..., Awaitable[Bus]], bus_url: str
) -> None:
    if bus_url.startswith("redis"):
        # The broadcaster 0.3.1 Redis backend delivers 0 of 5 with redis-py 8.
        assert int(redis.__version__.split(".")[0]) >= 8
    bus = await make_bus(bus_url)
    async with bus.subscribe("deal:1") as sub:
        for i in range(5):
            await bus.publish("deal:1", f"m{i}")
        assert await take(sub, 5) == [f"m{i}" for i in range(5)]
    assert await bus.ping() is True


async def test_concurrent_first_subscribers(
    make_bus: Callable[..., Awaitable[Bus]], bus_url: str
) -> None:
    bus = await make_bus(bus_url)
    consumers = 5
    entered = [asyncio.Event() for _ in range(consumers)]

    async def consume(i: int) -> list[str]:
        async with bus.subscribe("deal:7") as sub:
            entered[i].set()
            return await take(sub, 3)

    # Started together: every one of them finds the channel without subscribers.
    tasks = [asyncio.create_task(consume(i)) for i in range(consumers)]
    # Publish as soon as the last one is in: entering must mean the broker subscription
    # is in place, even for a subscriber that did not send the SUBSCRIBE itself.
    await asyncio.wait_for(entered[-1].wait(), WAIT)
    assert all(e.is_set() for e in entered)
    assert bus.subscriber_count("deal:7") == consumers
    if bus_url.startswith("redis"):
        assert await numsub(bus_url, "deal:7") == 1  # one broker subscription, shared
    for message in ("a", "b", "c"):
        await bus.publish("deal:7", message)
    results = await asyncio.wait_for(asyncio.gather(*tasks), WAIT)  # no KeyError on exit
    assert results == [["a", "b", "c"]] * consumers
    assert bus.subscriber_count("deal:7") == 0
    if bus_url.startswith("redis"):

        async def unsubscribed() -> bool:
            return await numsub(bus_url, "deal:7") == 0

        await eventually(unsubscribed)
    # The channel works again after its last subscriber left.
    async with bus.subscribe("deal:7") as sub:
        await bus.publish("deal:7", "again")
        assert await take(sub, 1) == ["again"]


async def test_slow_subscriber_is_dropped(
    make_bus: Callable[..., Awaitable[Bus]], bus_url: str
) -> None:
    bus = await make_bus(bus_url, queue_size=4)
    with pytest.raises(SubscriberTooSlow, match="4 messages behind"):
        async with bus.subscribe("board") as slow, bus.subscribe("board") as fast:
            reader = asyncio.create_task(take(fast, 20))
            for i in range(20):
                await bus.publish("board", str(i))
            # The fast subscriber got everything, before and after the drop.
            assert await reader == [str(i) for i in range(20)]
            assert slow.dropped and slow.pending == 0  # its backlog was freed
            assert bus.subscriber_count("board") == 1
            await asyncio.wait_for(anext(slow), WAIT)  # raises at once
    assert bus.subscriber_count("board") == 0


async def test_disconnect_ends_live_subscriptions(
    make_bus: Callable[..., Awaitable[Bus]], bus_url: str
) -> None:
    bus = await make_bus(bus_url)
    async with bus.subscribe("x") as sub:
        await bus.publish("x", "first")
        assert await take(sub, 1) == ["first"]
        reader = asyncio.create_task(take(sub, 10))  # blocked waiting for more
        await bus.disconnect()
        assert await asyncio.wait_for(reader, WAIT) == []  # ended, not hanging
    assert await bus.ping() is False
    with pytest.raises(BusUnavailable):
        await bus.publish("x", "late")


async def test_reconnects_after_redis_restart(
    make_bus: Callable[..., Awaitable[Bus]], redis_server: RedisServer
) -> None:
    bus = await make_bus(redis_server.url)
    reconnected = asyncio.Event()
    bus.on_reconnect(reconnected.set)
    loop = asyncio.get_running_loop()
    async with bus.subscribe("deal:1") as sub:
        await bus.publish("deal:1", "before")
        assert await take(sub, 1) == ["before"]

        await redis_server.kill()
        started = loop.time()
        with pytest.raises(BusUnavailable, match=f"127.0.0.1:{redis_server.port}"):
            await bus.publish("deal:1", "lost")
        assert loop.time() - started < 1.0
        assert await bus.ping() is False
        assert bus.reconnects == 0

        # Subscribed during the outage: takes effect once Redis is back.
        async with bus.subscribe("deal:2") as late:
            await redis_server.start()
            await asyncio.wait_for(reconnected.wait(), WAIT)
            assert bus.reconnects == 1
            assert sub.gaps == 1 and late.gaps == 1  # consumers learn they may have missed some
            assert await bus.ping() is True
            assert await numsub(redis_server.url, "deal:1") == 1  # resubscribed
            await bus.publish("deal:1", "after")
            await bus.publish("deal:2", "late")
            assert await take(sub, 1) == ["after"]
            assert await take(late, 1) == ["late"]


async def test_connection_dropped_by_redis_counts_as_reconnect(
    make_bus: Callable[..., Awaitable[Bus]], redis_server: RedisServer
) -> None:
    # Redis stays up but closes our pub/sub connection (as a proxy or failover would).
    # redis-py's own retry would reconnect and resubscribe silently, hiding the gap.
    bus = await make_bus(redis_server.url)
    reconnected = asyncio.Event()
    bus.on_reconnect(reconnected.set)
    async with bus.subscribe("c") as sub:
        admin = Redis.from_url(redis_server.url)
        try:
            assert await admin.client_kill_filter(_type="pubsub") == 1
        finally:
            await admin.aclose()
        await asyncio.wait_for(reconnected.wait(), WAIT)
        assert bus.reconnects == 1 and sub.gaps == 1
        await bus.publish("c", "after")
        assert await take(sub, 1) == ["after"]


async def test_silent_redis_is_detected_by_keepalive(
    make_bus: Callable[..., Awaitable[Bus]],
    redis_server: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # SIGSTOP keeps the socket open but unanswered, like a network partition: only the
    # keepalive PING can notice it.
    # The timeout bounds connecting too: 0.2 s was missed on a loaded machine (CI shares cores).
    bus = await make_bus(redis_server.url, keepalive=0.1, broker_timeout=0.5)
    reconnected = asyncio.Event()
    bus.on_reconnect(reconnected.set)

    async def listener_gave_up() -> bool:
        return any("no reply to PING" in r.getMessage() for r in caplog.records)

    async with bus.subscribe("c") as sub:
        redis_server.signal(signal.SIGSTOP)
        try:
            assert await bus.ping() is False  # bounded by the timeout, does not hang
            with pytest.raises(BusUnavailable):
                await bus.publish("c", "lost")
            await eventually(listener_gave_up)  # else SIGCONT would just resume the socket
        finally:
            redis_server.signal(signal.SIGCONT)
        await asyncio.wait_for(reconnected.wait(), WAIT)
        assert bus.reconnects >= 1
        await bus.publish("c", "after")
        assert await take(sub, 1) == ["after"]


async def test_connect_to_unreachable_redis_raises() -> None:
    port = free_port()  # nothing listens there
    bus = fast_bus(f"redis://:s3cret@127.0.0.1:{port}/0")
    with pytest.raises(BusUnavailable, match=f"127.0.0.1:{port}") as info:
        await asyncio.wait_for(bus.connect(), WAIT)
    assert "s3cret" not in str(info.value)
    assert await bus.ping() is False
    await bus.disconnect()  # harmless after a failed connect


async def test_memory_bus_needs_connect_and_rejects_unknown_schemes() -> None:
    bus = Bus("memory://")
    with pytest.raises(BusUnavailable):
        await bus.publish("c", "m")
    with pytest.raises(BusUnavailable):
        async with bus.subscribe("c"):
            pass
    await bus.connect()
    assert await bus.ping() is True
    await bus.disconnect()
    with pytest.raises(ValueError, match="unsupported"):
        Bus("kafka://localhost:9092")
