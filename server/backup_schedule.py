"""The daily backup, built into the server: every process runs this loop, one backup is taken
per UTC day.

Once ``TANDEM_BACKUP_TIME`` has passed on a day without a backup, a process claims the day
(models/backup.py ``claim_day``: a unique row, so one claimer wins however many try), takes the
backup into ``TANDEM_BACKUP_DIR``, records how it went, and deletes the backups older than
``TANDEM_BACKUP_RETENTION_DAYS``. A process started after the time catches the day up. "Now" comes
from models/clock.py, so tests move a frozen clock and call ``tick()`` instead of sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from backups import files, service
from models import backup as runs
from models import clock
from models.backup import BackupRun
from server.settings import Settings

log = logging.getLogger("tandem.backup")
# How often a process looks whether the day's backup is due: one indexed read.
CHECK_SECONDS = 60.0


class DailyBackup:
    def __init__(
        self,
        *,
        database_url: str,
        at: time | None,
        folder: Path,
        retention: timedelta,
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        self.database_url = database_url
        self.at = at
        self.folder = folder
        self.retention = retention
        self.check_seconds = check_seconds
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    @classmethod
    def from_settings(cls, settings: Settings) -> DailyBackup:
        at = time.fromisoformat(settings.backup_time) if settings.backup_time else None
        return cls(
            database_url=settings.database_url,
            at=at,
            folder=Path(settings.backup_dir),
            retention=timedelta(days=settings.backup_retention_days),
        )

    async def start(self) -> None:
        if self.at is not None:
            self._task = asyncio.create_task(self._run(), name="daily-backup")

    async def stop(self) -> None:
        # A backup in progress is interrupted (its day is recorded as failed): shutdown does not
        # wait for a dump of the whole database.
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait([self._task])

    def nudge(self) -> None:
        self._wake.set()

    def due(self, now: datetime) -> bool:
        return self.at is not None and now.astimezone(UTC).time() >= self.at

    async def tick(self) -> BackupRun | None:
        """Take today's backup if it is due and nobody has taken it; the run, if this call
        took it."""
        now = clock.now().astimezone(UTC)
        if not self.due(now) or await BackupRun.exists(day=now.date()):
            return None
        run = await runs.claim_day(now.date(), service.backend_of(self.database_url))
        if run is None:
            return None
        try:
            written = await service.take(self.database_url, self.folder, now)
        except asyncio.CancelledError:
            await asyncio.shield(runs.finish(run, status=runs.FAILED, message="server stopped"))
            raise
        except Exception as exc:
            log.exception("daily backup failed")
            return await runs.finish(run, status=runs.FAILED, message=str(exc))
        run = await runs.finish(
            run,
            status=runs.DONE if written.verified else runs.FAILED,
            file_name=written.path.name,
            size_bytes=written.manifest.size,
            verified=written.verified,
            message="; ".join(written.problems),
        )
        removed = await asyncio.to_thread(files.prune, self.folder, now - self.retention)
        await runs.mark_removed(removed)
        log.info("daily backup %s written; %d old ones deleted", written.path.name, len(removed))
        return run

    async def _run(self) -> None:
        while True:
            # asyncio.timeout, not wait_for: on 3.11 wait_for loses a cancellation that
            # arrives as the event is set, and the loop would outlive stop() (5 s of grace).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.check_seconds):
                    await self._wake.wait()
            self._wake.clear()
            try:
                await self.tick()
            except Exception:  # a failed look is retried at the next one
                log.exception("daily backup check failed")
