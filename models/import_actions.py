"""Writing a batch of imported records: one transaction, each row audited and announced.

Same guarantees as ``record_actions.create_record`` (the landing check on each row, an audit
entry and an outbox event per row, all in the row's transaction) but one transaction per batch
instead of per row, and the audit entries and events of a batch inserted in one statement each:
the per-row cost of an import is then one INSERT for the record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from tortoise.models import Model

from models import clock, events, job_actions
from models import import_job as states
from models.audit import AuditEntry
from models.import_job import ImportJob, ImportRowError
from models.job import Job
from models.outbox import OutboxEvent, columns_of
from models.record_actions import QUIET_COLUMNS, Change
from models.unit_of_work import unit_of_work

M = TypeVar("M", bound=Model)


async def create_batch(
    model: type[M],
    rows: Sequence[Mapping[str, Any]],
    check: Callable[[Any], None],
    change: Change,
    *,
    job_id: int,
    progress: Mapping[str, int],
) -> list[M]:
    """Create every row or none; ``progress`` (ImportJob counters) is saved with them."""
    made: list[M] = []
    async with unit_of_work() as unit:
        for values in rows:
            row = model(**values)
            check(row)
            await row.save()
            made.append(row)
        now = clock.now()
        audit, outbox = [], []
        for row in made:
            audit.append(
                AuditEntry(
                    at=now,
                    actor_id=change.actor_id,
                    action=f"{change.obj}.create",
                    object=change.obj,
                    record_id=row.pk,
                    before=None,
                    after=change.values(row),
                )
            )
            columns = columns_of(row)
            outbox.append(
                OutboxEvent(
                    at=now,
                    kind=events.CREATED,
                    object=change.obj,
                    record_id=row.pk,
                    topics=list(change.topics(row)),
                    changed=sorted(columns.keys() - QUIET_COLUMNS),
                    values=columns,
                    actor_id=change.actor_id,
                )
            )
        if made:
            await AuditEntry.bulk_create(audit)
            await OutboxEvent.bulk_create(outbox)
            unit.event_written(*outbox)
        await ImportJob.filter(id=job_id).update(**progress)
    return made


async def queue_import(
    values: Mapping[str, Any], *, kind: str, payload: Mapping[str, Any], max_attempts: int
) -> tuple[ImportJob, Job]:
    """The import row and the background job that runs it, in one transaction: an import is
    never left without the job that will run it."""
    async with unit_of_work():
        row = await ImportJob.create(**values)
        job = await job_actions.enqueue(
            kind,
            {**payload, "importJob": row.pk},
            created_by_id=row.created_by_id,
            idempotency_key=f"{kind}:{row.pk}",
            max_attempts=max_attempts,
        )
    return row, job


async def restart_import(job: ImportJob) -> None:
    """Back to the start of pass 1 for another attempt: counts and row errors of the earlier
    one go (written batches stay; the job's items say which)."""
    async with unit_of_work():
        await ImportRowError.filter(job_id=job.pk).delete()
        job.state, job.finished_at = states.QUEUED, None
        job.message = None  # type: ignore[assignment]
        job.rows_read = job.rows_valid = job.rows_invalid = job.rows_written = 0
        await job.save()
