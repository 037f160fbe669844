"""Contact import jobs: a file on disk read twice, in batches, never whole in memory.

Pass 1 (validating) reads every row, checks it as contactCreate would, finds duplicates (in
the file, and among the contacts the importer may see) and stores each bad row's error.
Then, unless it is a dry run:
- no bad rows, or ``skipInvalid``: pass 2 (writing) reads back the good rows' values pass 1
  staged (imports/staging.py: each row is checked once) and creates them, BATCH_SIZE rows per
  transaction, each with its audit entry and outbox event (on PostgreSQL one COPY each per
  batch: models/import_actions.py);
- bad rows without ``skipInvalid``: nothing is written (state ``rejected``), because "all or
  nothing" is what the caller asked for, and pass 1 has proved it would be "not all".
Validating everything first costs a staging file as large as the good rows but keeps each
transaction short (500 rows) instead of one transaction holding the database for 100,000
rows. Rows that became duplicates while the job ran (someone created the same person
meanwhile) are skipped in pass 2 and reported like the others.

Nothing held grows with the file: duplicates inside it are found through the database
(models/import_keys.py), and pass 2 holds one staged batch at a time.

An upload's import runs as a background job (kind ``contact.import``, ``run_import``; see
docs/architecture.md "Background jobs"). Each written batch is one item of that job, marked in
the batch's own transaction: if the worker dies during pass 2, the next attempt validates
again (taking the rows of written batches as its own, not as duplicates) and writes only the
batches not yet written, so every row is written once. ``tandem import contacts`` runs the same
passes in the terminal, without a job.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import anyio

from jobs.context import JobContext, Permanent
from models import clock
from models import import_job as states
from models.access.principals import principal_for_user
from models.access.records import RecordAccess
from models.errors import DomainError, Unauthenticated
from models.import_actions import queue_import, restart_import
from models.import_job import ImportJob
from models.job import Job
from resolvers.import_rows import check_mapping
from resolvers.import_run import BATCH_SIZE, JobRun, Progress, open_reader

IMPORT_KIND = "contact.import"
# An import that failed on an internal error is tried again this often in all.
IMPORT_ATTEMPTS = 3


async def create_job(
    access: RecordAccess,
    path: Path,
    fmt: str,
    *,
    file_name: str,
    mapping: Mapping[str, str] | None,
    dry_run: bool,
    skip_invalid: bool,
) -> ImportJob:
    """Checks the header and the mapping (BAD_USER_INPUT / FORBIDDEN) before any row is read."""
    return await ImportJob.create(
        **await _checked(access, path, fmt, file_name, mapping, dry_run, skip_invalid)
    )


async def queue_job(
    access: RecordAccess,
    path: Path,
    fmt: str,
    *,
    file_name: str,
    mapping: Mapping[str, str] | None,
    dry_run: bool,
    skip_invalid: bool,
    batch_size: int,
) -> tuple[ImportJob, Job]:
    """``create_job``'s checks, then the import and its background job, in one change."""
    values = await _checked(access, path, fmt, file_name, mapping, dry_run, skip_invalid)
    return await queue_import(
        values,
        kind=IMPORT_KIND,
        # The batch size travels with the job: every attempt must cut the file the same way,
        # or a resumed attempt's batch numbers would name other rows.
        payload={"path": str(path), "batchSize": batch_size},
        max_attempts=IMPORT_ATTEMPTS,
    )


async def _checked(
    access: RecordAccess,
    path: Path,
    fmt: str,
    file_name: str,
    mapping: Mapping[str, str] | None,
    dry_run: bool,
    skip_invalid: bool,
) -> dict[str, Any]:
    access.require("create")
    reader = await anyio.to_thread.run_sync(open_reader, path, fmt)
    try:
        checked = check_mapping(access, reader.header, mapping)
    finally:
        reader.close()
    return {
        "created_by_id": access.principal.user_id,
        "file_name": file_name[:255],
        "file_format": fmt,
        "mapping": checked,
        "dry_run": dry_run,
        "skip_invalid": skip_invalid,
    }


async def run_job(
    job_id: int,
    access: RecordAccess,
    path: Path,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportJob:
    """Run a created job to its end; never raises for a bad file or row (the job says why)."""
    job = await ImportJob.get(id=job_id)
    return await JobRun(job, access, path, progress, batch_size).run()


async def run_import(ctx: JobContext) -> dict[str, Any]:
    """The ``contact.import`` job: one attempt at the import it names, as its importer with
    the importer's permissions of now; the uploaded file is removed once the import is over."""
    payload = ctx.payload
    job = await ImportJob.get_or_none(id=payload["importJob"])
    if job is None:
        raise Permanent("The import no longer exists")
    path = Path(payload["path"])
    if job.state not in states.FINISHED:
        try:
            if job.created_by_id is None:
                raise Unauthenticated("The importer no longer exists")
            principal = await principal_for_user(job.created_by_id, None)
        except DomainError as exc:
            # Nobody to import as (deactivated, deleted): the import says so too.
            job.state, job.message, job.finished_at = states.FAILED, exc.message, clock.now()
            await job.save(update_fields=["state", "message", "finished_at", "updated_at"])
            await anyio.Path(path).unlink(missing_ok=True)
            raise Permanent(exc.message) from exc
        if ctx.job.attempts > 1:
            # An earlier attempt got part of the way: its counts and row errors start over.
            await restart_import(job)
        access = RecordAccess.of_principal(principal, "contact")
        run = JobRun(job, access, path, None, int(payload.get("batchSize", BATCH_SIZE)), ctx)
        job = await run.run()
    await anyio.Path(path).unlink(missing_ok=True)
    if job.state == states.FAILED:
        raise Permanent(job.message or "The import failed")
    return {
        "state": job.state,
        "rows": job.rows_read,
        "invalid": job.rows_invalid,
        "written": job.rows_written,
    }
