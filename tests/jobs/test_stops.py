"""Jobs that stop before their end: one whose worker dies on every attempt fails once its
attempts are used up (it must not take every worker down in turn), and a cancelled job's
worker stops at its next step without writing anything more."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Mapping
from typing import Any

from starlette.applications import Starlette

from jobs.context import JobContext
from models import job_actions
from models.clock import FrozenClock
from server.settings import Settings
from tests.jobs.support import jobs, worker
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient


async def test_a_job_that_kills_its_worker_every_time_fails_after_its_attempts(
    api: GraphQLClient, app: Starlette, settings: Settings, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    started, never = asyncio.Queue[int](), asyncio.Event()

    async def fatal(ctx: JobContext) -> None:
        await started.put(ctx.job.attempts)
        await never.wait()  # the worker process dies here, every time

    job = await job_actions.enqueue("test.fatal", created_by_id=owner.user.id, max_attempts=2)
    lease = settings.job_lease_seconds + 1
    attempts = []
    for _ in range(2):
        dying = asyncio.create_task(worker(settings, **{"test.fatal": fatal}).run(job.pk))
        attempts.append(await started.get())
        dying.cancel()
        await asyncio.gather(dying, return_exceptions=True)
        clock.advance(seconds=lease)
    third = await worker(settings, **{"test.fatal": fatal}).run_due()
    clock.advance(seconds=-2 * lease)  # the access token's time again
    (failed,) = await jobs(api, owner.access_token)

    assert attempts == [1, 2] and third == 0
    assert (failed["state"], failed["attempts"]) == ("FAILED", 2)
    assert failed["error"] == "The worker running it stopped on every attempt"


async def test_a_cancelled_job_stops_at_its_next_step_and_writes_nothing_more(
    api: GraphQLClient, app: Starlette, settings: Settings
) -> None:
    owner = await signed_in(api, "owner")
    in_step, go_on = asyncio.Event(), asyncio.Event()
    steps: list[int] = []

    async def long(ctx: JobContext) -> Mapping[str, Any]:
        for step in range(3):
            if step == 1:
                in_step.set()
                await go_on.wait()
            await ctx.once(f"step:{step}", functools.partial(_record, steps, step))
            await ctx.progress(step + 1, 3)
        return {"steps": 3}

    job = await job_actions.enqueue("test.long", created_by_id=owner.user.id)
    running = asyncio.create_task(worker(settings, **{"test.long": long}).run(job.pk))
    await in_step.wait()
    cancelled = await job_actions.cancel(job.pk)
    go_on.set()
    await running
    (seen,) = await jobs(api, owner.access_token)
    again = await job_actions.cancel(job.pk)

    assert cancelled is not None and again is None
    assert steps == [0]
    assert (seen["state"], seen["progressDone"], seen["finishedAt"] is not None) == (
        "CANCELLED",
        1,
        True,
    )


async def _record(steps: list[int], step: int) -> None:
    steps.append(step)
