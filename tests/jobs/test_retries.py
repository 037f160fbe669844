"""Retries: a failed attempt is queued again after an exponential backoff, until its attempts
are used up; an error that retrying cannot mend fails the job at once. Time is a fixed clock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from starlette.applications import Starlette

from jobs.context import JobContext, Permanent
from jobs.worker import Worker
from models import job_actions
from models.clock import FrozenClock
from tests.jobs.support import jobs
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def app_worker(app: Starlette) -> Worker:
    found: Worker = app.state.jobs.worker
    return found


async def test_a_failing_job_is_retried_after_a_doubling_backoff_until_it_succeeds(
    api: GraphQLClient, app: Starlette, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    failures = iter(["first", "second"])

    async def flaky(ctx: JobContext) -> Mapping[str, Any]:
        reason = next(failures, None)
        if reason is not None:
            raise RuntimeError(reason)
        return {"ok": True}

    worker = app_worker(app)
    worker.handlers["test.flaky"] = flaky
    await job_actions.enqueue("test.flaky", created_by_id=owner.user.id)
    start = clock.now()

    ran = [await worker.run_due()]
    (after_one,) = await jobs(api, owner.access_token)
    ran.append(await worker.run_due())  # not due yet: the backoff holds
    clock.advance(seconds=30)
    ran.append(await worker.run_due())
    (after_two,) = await jobs(api, owner.access_token)
    clock.advance(seconds=59)
    ran.append(await worker.run_due())
    clock.advance(seconds=1)
    ran.append(await worker.run_due())
    (done,) = await jobs(api, owner.access_token)

    assert ran == [1, 0, 1, 0, 1]
    assert (after_one["state"], after_one["attempts"], after_one["error"]) == (
        "QUEUED",
        1,
        "An internal error stopped this attempt (RuntimeError)",
    )
    assert at(after_one["nextAttemptAt"]) == start + timedelta(seconds=30)
    assert after_two["attempts"] == 2
    assert at(after_two["nextAttemptAt"]) == start + timedelta(seconds=30 + 60)
    assert (done["state"], done["attempts"], done["error"]) == ("SUCCEEDED", 3, None)


async def test_a_job_that_keeps_failing_fails_for_good_after_its_last_attempt(
    api: GraphQLClient, app: Starlette, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")

    async def broken(ctx: JobContext) -> None:
        raise RuntimeError("still broken")

    worker = app_worker(app)
    worker.handlers["test.broken"] = broken
    await job_actions.enqueue("test.broken", created_by_id=owner.user.id, max_attempts=3)

    for _ in range(3):
        await worker.run_due()
        clock.advance(hours=1)
    leftover = await worker.run_due()
    clock.advance(hours=-3)  # back to when the access token was issued
    (job,) = await jobs(api, owner.access_token)

    assert leftover == 0
    assert (job["state"], job["attempts"], job["maxAttempts"]) == ("FAILED", 3, 3)
    assert job["error"] == "An internal error stopped this attempt (RuntimeError)"
    assert job["finishedAt"] is not None


async def test_a_permanent_error_fails_the_job_without_a_retry(
    api: GraphQLClient, app: Starlette, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")

    async def hopeless(ctx: JobContext) -> None:
        raise Permanent("The file is not a spreadsheet")

    worker = app_worker(app)
    worker.handlers["test.hopeless"] = hopeless
    await job_actions.enqueue("test.hopeless", created_by_id=owner.user.id)

    await worker.run_due()
    clock.advance(days=1)
    again = await worker.run_due()
    clock.advance(days=-1)  # back to when the access token was issued
    (job,) = await jobs(api, owner.access_token)

    assert again == 0
    assert (job["state"], job["attempts"], job["error"]) == (
        "FAILED",
        1,
        "The file is not a spreadsheet",
    )


async def test_the_same_idempotency_key_twice_is_one_job_run_once(
    api: GraphQLClient, app: Starlette
) -> None:
    owner = await signed_in(api, "owner")
    runs: list[int] = []

    async def count(ctx: JobContext) -> None:
        runs.append(ctx.job.pk)

    worker = app_worker(app)
    worker.handlers["test.count"] = count
    first = await job_actions.enqueue(
        "test.count", created_by_id=owner.user.id, idempotency_key="send:42"
    )
    await worker.run_due()
    second = await job_actions.enqueue(
        "test.count", created_by_id=owner.user.id, idempotency_key="send:42"
    )
    await worker.run_due()

    assert second.pk == first.pk
    assert runs == [first.pk]
    assert [j["state"] for j in await jobs(api, owner.access_token)] == ["SUCCEEDED"]
