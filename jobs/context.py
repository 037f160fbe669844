"""What a job's handler gets and may raise: the contract every kind of job is written to.

A handler is ``async def handler(ctx: JobContext) -> Mapping[str, Any] | None``; what it returns
is the job's result. Raising ``Permanent`` fails the job at once (retrying cannot help: a file
that does not parse); any other exception fails this attempt, retried after a backoff while
attempts remain. A handler that is cancelled (its worker stops or dies) writes nothing more:
its lease runs out and another worker takes the job, skipping the items already done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from models import job_actions
from models.job import Job


class Permanent(Exception):
    """The job cannot succeed however often it is tried: fail it now, with this message."""


@dataclass(slots=True)
class JobContext:
    job: Job
    lease: timedelta

    @property
    def payload(self) -> Mapping[str, Any]:
        payload: Mapping[str, Any] = self.job.payload
        return payload

    async def progress(self, done: int, total: int | None = None) -> None:
        """Report how far the job got (seen live through ``jobUpdated``); renews the lease."""
        await job_actions.progress(self.job, done, total, lease=self.lease)

    async def once(self, key: str, effect: Callable[[], Awaitable[Any]]) -> bool:
        """Run ``effect`` for item ``key`` unless an earlier attempt did (True if it ran now);
        the item is marked in the effect's own transaction."""
        return await job_actions.once(self.job, key, effect)

    async def done_items(self, prefix: str = "") -> set[str]:
        return await job_actions.done_items(self.job, prefix)


Handler = Callable[[JobContext], Awaitable[Mapping[str, Any] | None]]
