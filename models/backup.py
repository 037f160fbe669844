"""Backups as records: each one taken (by the daily schedule or `tandem backup`) is a row, and a
scheduled one first claims its day.

The claim is the row itself: ``day`` is unique, so when several server processes reach the
backup time together, each tries to insert the day's row in its own transaction and exactly one
insert commits; the others see the unique key refuse theirs and do nothing (the same on SQLite
and PostgreSQL, no lock held while the backup runs). Backups taken by hand have no day and never
claim one. A process that dies mid-backup leaves its day ``running``: that day is not retried,
the next day's backup is taken as usual.
"""

from __future__ import annotations

from datetime import date, datetime

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model

from models import clock
from models.unit_of_work import unit_of_work

RUNNING = "running"
DONE = "done"
FAILED = "failed"
# Deleted by retention: the row stays as history, the file is gone.
REMOVED = "removed"


class BackupRun(Model):
    id = fields.BigIntField(primary_key=True)
    # The UTC day a scheduled backup claimed; null for one taken by hand.
    day = fields.DateField(null=True, unique=True)
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    status = fields.CharField(max_length=16, default=RUNNING)
    backend = fields.CharField(max_length=16)
    file_name = fields.CharField(max_length=255, default="")
    size_bytes = fields.BigIntField(null=True)
    verified = fields.BooleanField(default=False)
    message = fields.TextField(default="")

    class Meta:
        table = "backup_run"
        app = "tandem"


async def claim_day(day: date, backend: str) -> BackupRun | None:
    """The day's row, inserted by this caller; None when another process claimed it first."""
    try:
        async with unit_of_work():
            return await BackupRun.create(
                day=day, started_at=clock.now(), status=RUNNING, backend=backend
            )
    except IntegrityError:
        return None


async def finish(
    run: BackupRun,
    *,
    status: str,
    file_name: str = "",
    size_bytes: int | None = None,
    verified: bool = False,
    message: str = "",
) -> BackupRun:
    async with unit_of_work():
        run.status = status
        run.finished_at = clock.now()
        run.file_name = file_name
        run.size_bytes = size_bytes
        run.verified = verified
        run.message = message
        await run.save()
    return run


async def record_manual(
    *,
    started_at: datetime,
    backend: str,
    status: str,
    file_name: str = "",
    size_bytes: int | None = None,
    verified: bool = False,
    message: str = "",
) -> BackupRun:
    """A backup taken by hand, written once it is over (so its own snapshot does not hold it)."""
    async with unit_of_work():
        return await BackupRun.create(
            started_at=started_at,
            finished_at=clock.now(),
            status=status,
            backend=backend,
            file_name=file_name,
            size_bytes=size_bytes,
            verified=verified,
            message=message,
        )


async def mark_removed(file_names: list[str]) -> int:
    """Rows whose files retention deleted."""
    if not file_names:
        return 0
    async with unit_of_work():
        return await BackupRun.filter(file_name__in=file_names).update(status=REMOVED)


async def newest_first(limit: int) -> list[BackupRun]:
    return await BackupRun.all().order_by("-started_at", "-id").limit(limit)
