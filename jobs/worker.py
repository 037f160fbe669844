"""A worker: claims jobs, runs their handlers, records how each attempt ended.

It takes work three ways: a wake-up through the transport (jobs/transport.py), a sweep of the
table every ``poll_seconds`` for jobs that are due (retries after their backoff, jobs whose
wake-up was lost, jobs abandoned by a worker that died: their lease ran out), and ``run(id)``
for a job this process wants done now (``JobQueue.submit(..., here=True)``). Every way ends in
the same claim (models/job_actions.py), so a job runs once at a time whoever asks.

Up to ``concurrency`` jobs run at once. Stopping cancels running handlers without writing
anything: a stop is treated like a crash, which the leases already handle (the job runs again,
its finished items skipped), instead of a second, gentler path that would need its own tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from datetime import timedelta

from jobs.context import Handler, JobContext, Permanent
from jobs.transport import Transport
from models import job_actions
from models.job import Job

log = logging.getLogger("tandem.jobs")


class Worker:
    def __init__(
        self,
        handlers: Mapping[str, Handler],
        *,
        transport: Transport | None = None,
        concurrency: int = 4,
        lease: timedelta = job_actions.DEFAULT_LEASE,
        backoff_base: timedelta = job_actions.BACKOFF_BASE,
        poll_seconds: float = 5.0,
    ) -> None:
        self.handlers = dict(handlers)
        self.transport = transport
        self.lease = lease
        self.backoff_base = backoff_base
        self.poll_seconds = poll_seconds
        self._slots = asyncio.Semaphore(concurrency)
        self._running: set[asyncio.Task[Job | None]] = set()
        self._poller: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self.concurrency = concurrency

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.handlers)

    async def start(self) -> None:
        if self.transport is not None:
            await self.transport.start(self._woken, concurrency=self.concurrency)
        if self.poll_seconds > 0:
            self._poller = asyncio.create_task(self._poll(), name="job-sweep")

    async def stop(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
        for task in list(self._running):
            task.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)
        if self.transport is not None:
            await self.transport.stop()

    def nudge(self) -> None:
        """Sweep now rather than at the next interval."""
        self._wake.set()

    async def _woken(self, job_id: int) -> None:
        # Run apart from the transport's own task: stop() cancels what this worker runs.
        task = asyncio.create_task(self.run(job_id), name=f"job-{job_id}")
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _poll(self) -> None:
        while True:
            # asyncio.timeout, not wait_for: on 3.11 wait_for loses a cancellation that
            # arrives as the event is set, and the loop would outlive stop() (5 s of grace).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll_seconds):
                    await self._wake.wait()
            self._wake.clear()
            try:
                await self.run_due()
            except Exception:  # the next sweep tries again
                log.exception("job sweep failed")

    async def run_due(self, limit: int = 100) -> int:
        """Run every job that is due now (one at a time per slot); how many ran."""
        ran = 0
        for job_id in await job_actions.due(limit, self.kinds):
            if await self.run(job_id) is not None:
                ran += 1
        return ran

    async def run(self, job_id: int) -> Job | None:
        """Claim ``job_id`` and run one attempt of it; None if it was not ours to run."""
        async with self._slots:
            # Only kinds this worker knows: another worker (a newer release) may know more.
            job = await job_actions.claim(job_id, lease=self.lease, kinds=self.kinds)
            if job is None:
                return None
            try:
                result = await self.handlers[job.kind](JobContext(job, self.lease))
            except job_actions.LeaseLost:
                log.warning("job %s: lease lost, left to its new holder", job.pk)
                return job
            except Permanent as exc:
                await self._end(job, str(exc), retry=False)
            except Exception as exc:
                log.exception("job %s (%s) attempt %s failed", job.pk, job.kind, job.attempts)
                # Masked as the API masks internal errors (no SQL, no paths): the log has it.
                error = f"An internal error stopped this attempt ({type(exc).__name__})"
                await self._end(job, error, retry=True)
            else:
                with contextlib.suppress(job_actions.LeaseLost):
                    await job_actions.succeed(job, result)
            return job

    async def _end(self, job: Job, error: str, *, retry: bool) -> None:
        with contextlib.suppress(job_actions.LeaseLost):
            await job_actions.fail(job, error, retry=retry, base=self.backoff_base)
