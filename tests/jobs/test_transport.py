"""The contract jobs/transport.py relies on from taskiq: a wake-up sent by one side reaches a
consumer once, in memory (the embedded default) and through Redis (the backend of this run's
broker). Waiting is on the delivery itself, never on time."""

from __future__ import annotations

import asyncio
import uuid

from jobs.transport import Transport
from tests.conftest import TEST_BROADCAST_URL

WAIT = 10.0


async def test_a_wake_up_reaches_the_consumer_once() -> None:
    heard: asyncio.Queue[int] = asyncio.Queue()
    queue_name = f"test-{uuid.uuid4().hex[:12]}:jobs"
    consumer = Transport(TEST_BROADCAST_URL, queue_name=queue_name)
    # Another process's side (an API process without a worker) when the broker is Redis.
    sender = consumer if consumer.local else Transport(TEST_BROADCAST_URL, queue_name=queue_name)

    async def record(job_id: int) -> None:
        await heard.put(job_id)

    await consumer.start(record)
    if sender is not consumer:
        await sender.start()
    try:
        await sender.wake(41)
        await sender.wake(42)
        got = [await asyncio.wait_for(heard.get(), WAIT) for _ in range(2)]
    finally:
        if sender is not consumer:
            await sender.stop()
        await consumer.stop()

    assert sorted(got) == [41, 42]
    assert heard.empty()
