"""The queue library behind the workers: taskiq. This module is the only one that imports it.

What travels is a wake-up, "job N is ready", never the job itself: the job is its row
(models/job.py). A lost message (a worker that popped it and died, a broker restart) costs
only latency: every worker also sweeps the table for due and abandoned jobs.

- ``memory://`` (the embedded default): taskiq's ``InMemoryBroker``; a wake-up runs the job in
  this process, as an asyncio task. No other process hears it.
- ``redis://``: taskiq-redis's ``ListQueueBroker``; each wake-up is taken by one consuming
  process (an API process with its in-process worker, or ``tandem worker``).

Only taskiq's public API is used (``register_task``, ``kiq``, ``startup``/``shutdown``,
``taskiq.api.run_receiver_task``); tests/jobs/test_transport.py holds it to that contract.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from taskiq import AsyncBroker, InMemoryBroker
from taskiq.api import run_receiver_task

TASK_NAME = "tandem.job.wake"
Wake = Callable[[int], Awaitable[None]]


def _broker(url: str, queue_name: str) -> AsyncBroker:
    if url.startswith("memory://"):
        return InMemoryBroker()
    if url.startswith(("redis://", "rediss://")):
        # Loaded only for a Redis URL: the embedded default needs no Redis client.
        from taskiq_redis import ListQueueBroker

        return ListQueueBroker(url, queue_name=queue_name)
    raise ValueError(f"no job transport for {url.split(':', 1)[0]}:// (memory:// or redis://)")


class Transport:
    def __init__(self, url: str, *, queue_name: str = "tandem:jobs") -> None:
        self.url = url
        self.local = url.startswith("memory://")
        self.broker = _broker(url, queue_name)
        self._consumer: Wake | None = None

        # A plain function: taskiq renames what it registers, which a bound method refuses.
        async def deliver(job_id: int) -> None:
            if self._consumer is not None:
                await self._consumer(int(job_id))

        self._task = self.broker.register_task(deliver, task_name=TASK_NAME)
        self._receiver: asyncio.Task[None] | None = None

    async def start(self, consumer: Wake | None = None, *, concurrency: int = 4) -> None:
        """Connect; with ``consumer``, this process also takes wake-ups (its worker runs)."""
        self._consumer = consumer
        await self.broker.startup()
        if consumer is not None and not self.local:
            self._receiver = asyncio.create_task(
                run_receiver_task(self.broker, max_async_tasks=concurrency, run_startup=False),
                name="job-transport-receiver",
            )

    async def wake(self, job_id: int) -> None:
        """Tell one consuming worker that ``job_id`` is ready. In memory without a consumer
        here nobody would hear it: the sweep of a worker elsewhere finds the job instead."""
        if self.local and self._consumer is None:
            return
        await self._task.kiq(job_id)

    async def stop(self) -> None:
        if self._receiver is not None:
            self._receiver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._receiver
            self._receiver = None
        if isinstance(self.broker, InMemoryBroker):
            await self.broker.wait_all()
        await self.broker.shutdown()
