"""Writing a batch of imported records: one transaction, each row audited and announced.

Same guarantees as ``record_actions.create_record`` (the landing check on each row, an audit
entry and an outbox event per row, all in the row's transaction) but one transaction per batch
instead of per row. On PostgreSQL the batch's records, audit entries and events go in with one
COPY each, their ids drawn first from the tables' sequences (models/bulk_rows.py), built from
the rows' column values without a model instance per row (models/staged_rows.py); on SQLite
(or with COPY switched off) one INSERT per record and one multi-row INSERT each for the audit
entries and events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from tortoise.models import Model

from models import bulk_rows, clock, events, field_limits, job_actions
from models import import_job as states
from models.audit import AuditEntry
from models.import_job import ImportJob, ImportKey, ImportRowError
from models.job import Job
from models.outbox import OutboxEvent, columns_of
from models.record_actions import QUIET_COLUMNS, Change
from models.staged_rows import StagedRows
from models.unit_of_work import UnitOfWork, unit_of_work

M = TypeVar("M", bound=Model)


async def create_batch(
    model: type[M],
    rows: Sequence[Mapping[str, Any]],
    check: Callable[[Any], None],
    change: Change,
    *,
    job_id: int,
    progress: Mapping[str, int],
    fixed: Mapping[str, Any] | None = None,
    guarded: bool = False,
) -> int:
    """Create every row or none; ``progress`` (ImportJob counters) is saved with them.
    ``rows`` are column values, ``fixed`` the columns every row gets (they win over a row's).

    ``guarded``: the caller has already run the row guard (``check`` and the field limits,
    ``field_limits.check_values``) on each row's values, as the import's checking pass does;
    with COPY the rows then go from their values to the table without a model instance.
    Otherwise each row is a model instance, checked here. Returns how many rows were written."""
    fixed = fixed or {}
    async with unit_of_work() as unit:
        copies = bulk_rows.copies(unit.connection)
        if not (guarded and copies):
            made = [model(**{**values, **fixed}) for values in rows]
            for row in made:
                check(row)
                if copies:
                    field_limits.check_row(row)  # what save()'s pre_save listener checks
        if copies:
            await _copy_batch(unit, model, rows, fixed, change)
        else:
            await _insert_batch(unit, made, change)
        await ImportJob.filter(id=job_id).update(**progress)
    return len(rows)


def _audit_values(change: Change, row: Model, at: Any) -> dict[str, Any]:
    return {
        "at": at,
        "actor_id": change.actor_id,
        "action": f"{change.obj}.create",
        "object": change.obj,
        "record_id": row.pk,
        "before": None,
        "after": change.values(row),
    }


def _event_values(change: Change, row: Model, at: Any) -> dict[str, Any]:
    columns = columns_of(row)
    return {
        "at": at,
        "kind": events.CREATED,
        "object": change.obj,
        "record_id": row.pk,
        "topics": list(change.topics(row)),
        "changed": sorted(columns.keys() - QUIET_COLUMNS),
        "values": columns,
        "actor_id": change.actor_id,
    }


async def _copy_batch(
    unit: UnitOfWork,
    model: type[Model],
    rows: Sequence[Mapping[str, Any]],
    fixed: Mapping[str, Any],
    change: Change,
) -> None:
    """PostgreSQL: ids from the sequences, then one COPY each for the records, their audit
    entries and their events (one event per record, as ``create_record`` writes)."""
    db = unit.connection
    count = len(rows)
    ids = await bulk_rows.next_ids(db, model, count)
    audit_ids = await bulk_rows.next_ids(db, AuditEntry, count)
    event_ids = await bulk_rows.next_ids(db, OutboxEvent, count)
    written = StagedRows(model, change).batch(rows, fixed, ids, audit_ids, event_ids, clock.now())
    await bulk_rows.copy(db, model, bulk_rows.columns(model), written.records)
    await bulk_rows.copy(db, AuditEntry, bulk_rows.columns(AuditEntry), written.audit)
    await bulk_rows.copy(db, OutboxEvent, bulk_rows.columns(OutboxEvent), written.events)
    if written.events:
        unit.events_written_in_bulk()


async def _insert_batch(unit: UnitOfWork, made: list[M], change: Change) -> None:
    """SQLite: one INSERT per record (in-process, no round trip; it returns the id), then one
    multi-row INSERT each for the audit entries and the events."""
    for row in made:
        await row.save()
    now = clock.now()
    audit = [AuditEntry(**_audit_values(change, row, now)) for row in made]
    outbox = [OutboxEvent(**_event_values(change, row, now)) for row in made]
    if made:
        await AuditEntry.bulk_create(audit)
        await OutboxEvent.bulk_create(outbox)
        unit.event_written(*outbox)


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
        await ImportKey.filter(job_id=job.pk).delete()
        job.state, job.finished_at = states.QUEUED, None
        job.message = None  # type: ignore[assignment]
        job.rows_read = job.rows_valid = job.rows_invalid = job.rows_written = 0
        await job.save()
