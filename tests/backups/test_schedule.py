"""The daily backup built into the server: due once TANDEM_BACKUP_TIME (UTC) has passed, taken
once per day however many processes look, old backups deleted after the retention. The clock is
frozen and moved; the schedule is ticked instead of waited for."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from models.backup import BackupRun
from models.clock import FrozenClock
from server.backup_schedule import DailyBackup
from server.settings import Settings
from tests.support.backups import backups_in, manifest_of


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, Any]:
    return {
        "backup_time": "03:00",
        "backup_dir": str(tmp_path / "daily"),
        "backup_retention_days": 2,
    }


def schedule(app: Starlette) -> DailyBackup:
    daily: DailyBackup = app.state.backup_schedule
    return daily


def at(clock: FrozenClock, day: int, hour: int, minute: int = 0) -> None:
    target = datetime(2026, 12, day, hour, minute, tzinfo=UTC)
    clock.advance(seconds=(target - clock.now()).total_seconds())


async def test_nothing_is_taken_before_the_time_of_day(
    app: Starlette, clock: FrozenClock, tmp_path: Path
) -> None:
    at(clock, 4, 2, 59)

    run = await schedule(app).tick()

    assert run is None
    assert not (tmp_path / "daily").exists()


async def test_once_the_time_has_come_the_day_s_backup_is_taken_and_verified(
    app: Starlette, clock: FrozenClock, tmp_path: Path
) -> None:
    at(clock, 4, 3, 0)

    run = await schedule(app).tick()

    assert run is not None and run.status == "done" and run.verified
    (backup,) = backups_in(tmp_path / "daily")
    assert backup.name == run.file_name
    assert backup.name.startswith("tandem-20261204T030000Z-")
    assert manifest_of(backup)["tables"]["backup_run"]["rows"] == 1


async def test_a_second_look_the_same_day_takes_nothing(
    app: Starlette, clock: FrozenClock, tmp_path: Path
) -> None:
    at(clock, 4, 3, 0)
    await schedule(app).tick()
    clock.advance(hours=5)

    again = await schedule(app).tick()

    assert again is None
    assert len(backups_in(tmp_path / "daily")) == 1


async def test_two_processes_looking_at_once_take_one_backup(
    app: Starlette, clock: FrozenClock, settings: Settings, tmp_path: Path
) -> None:
    other_process = DailyBackup.from_settings(settings)
    at(clock, 4, 3, 1)

    runs = await asyncio.gather(schedule(app).tick(), other_process.tick())

    assert len([run for run in runs if run is not None]) == 1
    assert len(backups_in(tmp_path / "daily")) == 1
    assert await BackupRun.filter(day=datetime(2026, 12, 4).date()).count() == 1


async def test_backups_older_than_the_retention_are_deleted(
    app: Starlette, clock: FrozenClock, tmp_path: Path
) -> None:
    for day in (1, 2, 4):
        at(clock, day, 3, 0)
        await schedule(app).tick()

    kept = [p.name[:23] for p in backups_in(tmp_path / "daily")]
    assert kept == ["tandem-20261202T030000Z", "tandem-20261204T030000Z"]
    first = await BackupRun.get(day=datetime(2026, 12, 1).date())
    assert first.status == "removed"
    assert not (tmp_path / "daily" / f"{first.file_name}.manifest.json").exists()


async def test_a_daily_backup_that_fails_is_recorded_as_failed_with_its_reason(
    app: Starlette, clock: FrozenClock, tmp_path: Path
) -> None:
    # The target folder's place is taken by a file: nothing can be written there.
    (tmp_path / "daily").write_text("not a folder")
    at(clock, 4, 3, 0)

    run = await schedule(app).tick()

    assert run is not None and run.status == "failed" and not run.verified
    assert "daily" in run.message
    assert await schedule(app).tick() is None
