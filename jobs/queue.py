"""``JobQueue``: how the rest of the server asks for background work.

The job's row is written by a domain action (``models.job_actions.enqueue``, idempotent by key,
inside the change's own unit of work: an import and its job, a campaign and its send, commit
together). Once committed, ``submit(job)`` wakes a worker through the transport, and
``submit(job, here=True)`` runs it in this process now when this
process has a worker (the embedded default), which is how a request keeps its old behaviour of
"done when the answer has been sent", and how the scheduler's round reports what it did; a
process whose in-process worker is off (``TANDEM_JOBS_IN_PROCESS=false``, separate
``tandem worker`` processes) only wakes one.
"""

from __future__ import annotations

from jobs.transport import Transport
from jobs.worker import Worker
from models.job import Job


class JobQueue:
    def __init__(self, transport: Transport, worker: Worker | None) -> None:
        self.transport = transport
        self.worker = worker

    async def start(self) -> None:
        if self.worker is not None:
            await self.worker.start()
        else:
            await self.transport.start()

    async def stop(self) -> None:
        if self.worker is not None:
            await self.worker.stop()
        else:
            await self.transport.stop()

    async def submit(self, job: Job, *, here: bool = False) -> Job | None:
        """Have ``job`` run: now in this process when ``here`` and this process has a worker
        (returns the job after its attempt, or None if another worker holds it), otherwise
        through the transport (returns None at once)."""
        if here and self.worker is not None:
            return await self.worker.run(job.pk)
        await self.transport.wake(job.pk)
        return None
