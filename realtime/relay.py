"""The relay: gives committed outbox rows their cursor (``seq``) and publishes them.

Every process runs one; numbering (models/outbox.py ``number_batch``) is serialised across
processes, so ``seq`` stays gapless and in order. Numbering happens in the database first,
publishing after: if the broker is down the events keep their numbers and stream.py's catch-up
reads them from the outbox, so nothing committed is lost and nothing is published for a
rolled-back transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from models import clock, events
from models.outbox import BATCH, OutboxEvent, number_batch
from realtime.bus import Bus

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 5.0
PRUNE_EVERY = timedelta(hours=1)
# The relay's task, by name: tests that count a request's statements leave its own out.
TASK_NAME = "outbox-relay"


class Relay:
    def __init__(
        self,
        bus: Bus,
        channel: str,
        *,
        poll_seconds: float = 1.0,
        retention: timedelta = timedelta(days=7),
    ) -> None:
        self.bus = bus
        self.channel = channel
        self.poll_seconds = poll_seconds
        self.retention = retention
        self._last_prune: datetime | None = None
        self._wake = asyncio.Event()
        # Held for a whole round: stop() takes it, so it never cancels a query half-way
        # (asyncpg would then keep the connection busy until its cancel request times out).
        self._round = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._remove_hook: object = None

    def nudge(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        self._remove_hook = events.on_commit(self.nudge)
        self._task = asyncio.create_task(self._run(), name=TASK_NAME)

    async def stop(self) -> None:
        if callable(self._remove_hook):
            self._remove_hook()
        if self._task is not None:
            await _cancel_between_rounds(self._task, self._round)

    async def relay_once(self) -> int:
        batch = await number_batch()
        for row in batch:
            try:
                await self.bus.publish(self.channel, row.envelope().dumps())
            except Exception as exc:  # the catch-up path delivers it instead
                log.warning("publishing event %s failed (%s); subscribers catch up", row.seq, exc)
                break
        return len(batch)

    async def drain(self) -> int:
        """Number and publish every event committed so far, now: after this process's round in
        progress, if any, has ended (a ``relay_once`` beside it finds the numbering lock taken
        and does nothing, and the events that round is numbering are not yet committed). What
        someone who must see every committed event relayed waits for (a test's delivery)."""
        relayed = 0
        async with self._round:
            while (count := await self.relay_once()) > 0:
                relayed += count
        return relayed

    async def _run(self) -> None:
        while True:
            # asyncio.timeout, not wait_for: on 3.11 wait_for loses a cancellation that
            # arrives as the event is set, and the loop would outlive stop() (5 s of grace).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll_seconds):
                    await self._wake.wait()
            self._wake.clear()
            try:
                async with self._round:
                    while await self.relay_once() == BATCH:
                        pass
                    await self._prune_now_and_then()
            except Exception:  # a failed round is retried at the next wake-up
                log.exception("outbox relay round failed")

    async def _prune_now_and_then(self) -> None:
        # Hourly is plenty: retention is counted in days. Every process may do it; deleting
        # what another process already deleted is harmless.
        now = clock.now()
        if self._last_prune is None or now - self._last_prune >= PRUNE_EVERY:
            self._last_prune = now
            pruned = await prune(self.retention)
            if pruned:
                log.info("pruned %d relayed events older than %s", pruned, self.retention)


async def _cancel_between_rounds(task: asyncio.Task[None], lock: asyncio.Lock) -> None:
    """Cancel ``task`` while it is not inside ``lock``, but never wait more than a few seconds
    for that: a query stuck on a dead database must not hang shutdown."""
    try:
        async with asyncio.timeout(STOP_GRACE_SECONDS):
            await lock.acquire()
    except TimeoutError:
        task.cancel()
    else:
        task.cancel()
        lock.release()
    await asyncio.wait([task], timeout=STOP_GRACE_SECONDS)


async def prune(retention: timedelta) -> int:
    """Delete relayed events older than the retention; returns how many went. The newest one is
    always kept: it carries the highest cursor, which the next event's number follows."""
    cutoff = clock.now() - retention
    newest = await OutboxEvent.filter(seq__isnull=False).order_by("-seq").first()
    if newest is None or newest.seq is None:
        return 0
    return await OutboxEvent.filter(seq__lt=newest.seq, at__lt=cutoff).delete()
