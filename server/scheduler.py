"""The scheduler: a background loop that sends due task reminders and overdue notices, and runs
the automation rules that fire on idle deals (models/automation_idle.py).

Every process runs one (started and stopped by the app's lifespan, like the outbox relay); the
claim in models/task_notices.py makes each notice go out once however many run. It wakes every
``TANDEM_SCHEDULER_SECONDS`` (0 turns it off in this process) or when nudged, and reads "now"
from models/clock.py, so a test moves the clock and runs ``tick()`` (or nudges the loop)
instead of sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from models import clock
from models.automation_idle import run_idle_rules
from models.task_notices import Sent, send_due
from realtime.relay import _cancel_between_rounds

log = logging.getLogger(__name__)


class Scheduler:
    def __init__(self, *, every_seconds: float) -> None:
        self.every_seconds = every_seconds
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
        """Send what is due now, run the idle rules; one tick at a time per scheduler."""
        async with self._round:
            sent = await send_due()
            sent.idle_rules = await run_idle_rules(clock.now())
            return sent

    async def _run(self) -> None:
        while True:
            # Wait first: a process that just started has nothing more urgent than serving.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.every_seconds)
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
