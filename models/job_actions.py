"""What happens to a job: enqueued, claimed with a lease, its progress, its end, its items.

Every change is one unit of work that also writes the job's outbox event (object ``job``,
topics ``job`` and ``job:<id>``), so ``jobUpdated`` hears it on every process, and nothing is
announced for a change that rolled back.

The claim is a conditional UPDATE (due and not held, or held by a lease that ran out): two
workers never both win it, on SQLite or PostgreSQL. Each claim gets a fresh token; progress,
items and the end are written only while the token still holds the job, so a worker that lost
its lease (it stalled past it, and another took over) cannot finish what the other now runs.
Retries wait ``backoff(attempt)``: exponential, capped; time is ``models.clock``'s.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q

from models import clock
from models import job as states
from models.job import Job, JobItem
from models.outbox import emit
from models.unit_of_work import unit_of_work

BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
DEFAULT_LEASE = timedelta(minutes=5)
ERROR_MAX = 2000
# Columns a job's event carries: enough for a client's progress bar, never the payload.
EVENT_COLUMNS = frozenset(
    {
        "state",
        "attempts",
        "next_attempt_at",
        "progress_done",
        "progress_total",
        "error",
        "started_at",
        "finished_at",
    }
)


class LeaseLost(Exception):
    """This worker no longer holds the job (its lease ran out and another worker took it, or
    the job was cancelled): it must stop without writing anything more."""


def backoff(
    attempt: int, base: timedelta = BACKOFF_BASE, cap: timedelta = BACKOFF_CAP
) -> timedelta:
    """The wait before attempt ``attempt + 1``: base, 2 base, 4 base, ... at most ``cap``."""
    return min(cap, base * (2 ** max(0, attempt - 1)))


async def _announce(job: Job, changed: set[str]) -> None:
    await emit(
        "updated" if job.attempts or job.state != states.QUEUED else "created",
        "job",
        job,
        changed=changed,
        topics=["job", f"job:{job.pk}"],
        actor_id=job.created_by_id,
    )


async def enqueue(
    kind: str,
    payload: Mapping[str, Any] | None = None,
    *,
    created_by_id: int | None = None,
    idempotency_key: str | None = None,
    exclusive_key: str | None = None,
    max_attempts: int = 5,
    run_at: datetime | None = None,
) -> Job:
    """A new queued job, or the existing one with the same idempotency key (or the waiting or
    running one with the same exclusive key): asking twice never makes two."""
    existing = await _existing(idempotency_key, exclusive_key)
    if existing is not None:
        return existing
    now = clock.now()
    try:
        async with unit_of_work():
            job = await Job.create(
                kind=kind,
                payload=dict(payload or {}),
                created_by_id=created_by_id,
                idempotency_key=idempotency_key,
                exclusive_key=exclusive_key,
                max_attempts=max_attempts,
                next_attempt_at=run_at or now,
                created_at=now,
                updated_at=now,
            )
            await _announce(job, {"state"})
    except IntegrityError:
        # Someone enqueued the same key between our look and our insert: theirs is the job.
        raced = await _existing(idempotency_key, exclusive_key)
        if raced is None:
            raise
        return raced
    return job


async def _existing(idempotency_key: str | None, exclusive_key: str | None) -> Job | None:
    if idempotency_key is not None:
        found = await Job.get_or_none(idempotency_key=idempotency_key)
        if found is not None:
            return found
    if exclusive_key is not None:
        return await Job.get_or_none(exclusive_key=exclusive_key)
    return None


def _claimable(now: datetime) -> Q:
    waiting = Q(state=states.QUEUED, next_attempt_at__lte=now)
    abandoned = Q(state=states.RUNNING, lease_until__lt=now)
    return waiting | abandoned


async def due(limit: int = 20, kinds: frozenset[str] | None = None) -> list[int]:
    """Ids of jobs a worker may claim now (due, or abandoned by a worker that died), oldest
    due first."""
    query = Job.filter(_claimable(clock.now()))
    if kinds is not None:
        query = query.filter(kind__in=sorted(kinds))
    ids: list[Any] = (
        await query.order_by("next_attempt_at", "id").limit(limit).values_list("id", flat=True)
    )
    return [int(pk) for pk in ids]


async def claim(
    job_id: int, *, lease: timedelta = DEFAULT_LEASE, kinds: frozenset[str] | None = None
) -> Job | None:
    """Take the job for one attempt, or None if it is not claimable now (not due, held by a
    live lease, finished, or taken by another worker first). A job abandoned more often than
    its attempts allow fails instead of running again: a job that kills its worker every time
    must not take every worker down in turn. ``kinds``: only a job of these (the ones the
    worker has handlers for)."""
    now = clock.now()
    token = uuid.uuid4().hex
    mine = Q(kind__in=sorted(kinds)) if kinds is not None else Q()
    async with unit_of_work():
        taken = await Job.filter(
            _claimable(now), mine, id=job_id, attempts__lt=F("max_attempts")
        ).update(
            state=states.RUNNING,
            lease_token=token,
            lease_until=now + lease,
            attempts=F("attempts") + 1,
            started_at=now,
            updated_at=now,
        )
        if not taken:
            await _give_up_abandoned(job_id, now)
            return None
        job = await Job.get(id=job_id)
        await _announce(job, {"state", "attempts", "started_at"})
    return job


async def _give_up_abandoned(job_id: int, now: datetime) -> None:
    exhausted = await Job.filter(
        Q(state=states.RUNNING, lease_until__lt=now), id=job_id, attempts__gte=F("max_attempts")
    ).update(
        state=states.FAILED,
        error="The worker running it stopped on every attempt",
        exclusive_key=None,
        lease_token=None,
        finished_at=now,
        updated_at=now,
    )
    if exhausted:
        await _announce(await Job.get(id=job_id), {"state", "error", "finished_at"})


async def _held(job: Job, **values: Any) -> None:
    """Write ``values`` only while ``job``'s lease token still holds it (LeaseLost if not)."""
    now = clock.now()
    values["updated_at"] = now
    written = await Job.filter(id=job.pk, state=states.RUNNING, lease_token=job.lease_token).update(
        **values
    )
    if not written:
        raise LeaseLost(f"job {job.pk} is no longer held by this worker")
    for name, value in values.items():
        setattr(job, name, value)


async def progress(
    job: Job, done: int, total: int | None = None, *, lease: timedelta = DEFAULT_LEASE
) -> None:
    """How far the job got; renews the lease (a job that reports progress is alive)."""
    values: dict[str, Any] = {"progress_done": done, "lease_until": clock.now() + lease}
    if total is not None:
        values["progress_total"] = total
    async with unit_of_work():
        await _held(job, **values)
        await _announce(job, set(values) & EVENT_COLUMNS)


async def succeed(job: Job, result: Mapping[str, Any] | None = None) -> None:
    async with unit_of_work():
        await _held(
            job,
            state=states.SUCCEEDED,
            result=dict(result or {}),
            error=None,
            exclusive_key=None,
            lease_until=None,
            finished_at=clock.now(),
        )
        await _announce(job, {"state", "error", "finished_at"})


async def fail(job: Job, error: str, *, retry: bool = True, base: timedelta = BACKOFF_BASE) -> None:
    """This attempt failed: queued again after the backoff while attempts remain (and the
    error is worth retrying), otherwise failed for good."""
    now = clock.now()
    values: dict[str, Any] = {"error": error[:ERROR_MAX], "lease_until": None}
    if retry and job.attempts < job.max_attempts:
        values.update(state=states.QUEUED, next_attempt_at=now + backoff(job.attempts, base))
    else:
        values.update(state=states.FAILED, exclusive_key=None, finished_at=now)
    async with unit_of_work():
        await _held(job, **values)
        await _announce(job, set(values) & EVENT_COLUMNS)


async def cancel(job_id: int) -> Job | None:
    """Cancel a job that has not finished; a running one stops at its next progress or item
    (its lease is gone). None if it had finished already."""
    now = clock.now()
    async with unit_of_work():
        cancelled = await Job.filter(id=job_id, state__in=(states.QUEUED, states.RUNNING)).update(
            state=states.CANCELLED,
            lease_token=None,
            lease_until=None,
            exclusive_key=None,
            finished_at=now,
            updated_at=now,
        )
        if not cancelled:
            return None
        job = await Job.get(id=job_id)
        await _announce(job, {"state", "finished_at"})
    return job


async def done_items(job: Job, prefix: str = "") -> set[str]:
    """Keys of the job's items already done (by this attempt or an earlier one)."""
    keys: list[Any] = await JobItem.filter(job_id=job.pk, key__startswith=prefix).values_list(
        "key", flat=True
    )
    return {str(key) for key in keys}


async def once(job: Job, key: str, effect: Callable[[], Awaitable[Any]]) -> bool:
    """Do ``effect`` for item ``key`` unless an attempt did it already; True if it ran now.

    The item's row and the effect's writes are one transaction (``effect``'s domain actions
    join it): both happen or neither. A worker that dies mid-batch leaves exactly the items it
    finished marked. The row is unique per (job, key), and the lease is checked inside the
    same transaction, so a worker that lost the job cannot do an item twice either."""
    if await JobItem.exists(job_id=job.pk, key=key):
        return False
    async with unit_of_work():
        if not await Job.exists(id=job.pk, state=states.RUNNING, lease_token=job.lease_token):
            raise LeaseLost(f"job {job.pk} is no longer held by this worker")
        await JobItem.create(job_id=job.pk, key=key, done_at=clock.now())
        await effect()
    return True


async def forget_finished(before: datetime, kinds: frozenset[str]) -> int:
    """Delete finished jobs of ``kinds`` that ended before ``before`` (routine rounds)."""
    deleted: int = await Job.filter(
        kind__in=sorted(kinds), state__in=sorted(states.FINISHED), finished_at__lt=before
    ).delete()
    return deleted
