"""The scheduler: a background loop that has the due task reminders and overdue notices sent,
and the automation rules that fire on idle deals run (models/automation_idle.py), as a job.

Every API process runs one (started and stopped by the app's lifespan, like the outbox relay).
Each round enqueues one ``task.notices`` job with an exclusive key: however many processes
tick at once, one such job waits or runs at a time, and a worker runs it (this process's own,
at once, when it has one; otherwise one of the ``tandem worker`` processes). The claim in
models/task_notices.py still makes each notice go out once. It wakes every
``TANDEM_SCHEDULER_SECONDS`` (0 turns it off in this process) or when nudged, and reads "now"
from models/clock.py, so a test moves the clock and runs ``tick()`` (or nudges the loop)
instead of sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from jobs.queue import JobQueue
from models import clock, job_actions
from models import job as job_states
from models.task_notices import Sent
from realtime.relay import _cancel_between_rounds
from server.job_kinds import NOTICES_KIND, ROUTINE_KINDS

log = logging.getLogger(__name__)
# Finished rounds are kept this long (visible in ``jobs`` to administrators), then deleted.
ROUND_RETENTION = timedelta(days=1)


class Scheduler:
    def __init__(self, *, every_seconds: float, jobs: JobQueue) -> None:
        self.every_seconds = every_seconds
        self.jobs = jobs
        self._wake = asyncio.Event()
        # Held for a whole tick: stop() cancels between ticks, never inside a transaction.
        self._round = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        if self.every_seconds > 0:
            self._task = asyncio.create_task(self._run(), name="task-scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            await _cancel_between_rounds(self._task, self._round)

    def nudge(self) -> None:
        """Tick now rather than at the next interval."""
        self._wake.set()

    async def tick(self) -> Sent:
        """Enqueue this round's job and have it run; what it sent, when this process ran it
        (nothing, when another process's round or a separate worker has it)."""
        async with self._round:
            job = await job_actions.enqueue(
                NOTICES_KIND, exclusive_key=NOTICES_KIND, max_attempts=1
            )
            ran = await self.jobs.submit(job, here=True)
            await job_actions.forget_finished(clock.now() - ROUND_RETENTION, ROUTINE_KINDS)
            if ran is None or ran.state != job_states.SUCCEEDED or not ran.result:
                if ran is not None and ran.state == job_states.FAILED:
                    log.error("scheduler round failed: %s", ran.error)
                return Sent()
            return Sent(**ran.result)

    async def _run(self) -> None:
        while True:
            # Wait first: a process that just started has nothing more urgent than serving.
            # asyncio.timeout, not wait_for: on 3.11 wait_for loses a cancellation that
            # arrives as the event is set, and the loop would outlive stop() (5 s of grace).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.every_seconds):
                    await self._wake.wait()
            self._wake.clear()
            try:
                sent = await self.tick()
                if sent.reminders or sent.overdue or sent.idle_rules:
                    log.info(
                        "sent %d reminders, %d overdue notices; %d idle rules ran",
                        sent.reminders,
                        sent.overdue,
                        sent.idle_rules,
                    )
            except Exception:  # a failed tick is retried at the next one
                log.exception("scheduler tick failed")
