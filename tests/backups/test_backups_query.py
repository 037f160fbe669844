"""The `backups` query: administrators see every backup with its time, size, backend, status and
whether it was verified; other roles are refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from models.clock import FrozenClock
from tests.support.accounts import signed_in
from tests.support.backups import backups_in, environment, tandem
from tests.support.graphql import GraphQLClient

BACKUPS = """
query($first: Int!) {
  backups(first: $first) {
    takenAt finishedAt day backend status verified sizeBytes fileName message
  }
}
"""


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, Any]:
    return {"backup_time": "03:00", "backup_dir": str(tmp_path / "daily")}


async def _daily_backup(app: Starlette, clock: FrozenClock) -> None:
    target = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
    clock.advance(seconds=(target - clock.now()).total_seconds())
    assert await app.state.backup_schedule.tick() is not None


@pytest.mark.parametrize("role", ["owner", "admin"])
async def test_administrators_see_the_day_s_backup(
    api: GraphQLClient, app: Starlette, clock: FrozenClock, tmp_path: Path, role: str
) -> None:
    admin = await signed_in(api, role)
    await _daily_backup(app, clock)

    data = await api.ok(BACKUPS, {"first": 10}, token=admin.access_token)

    (backup,) = data["backups"]
    (file,) = backups_in(tmp_path / "daily")
    assert backup["takenAt"].startswith("2026-12-04T03:00:00")
    assert backup["day"] == "2026-12-04"
    assert backup["status"] == "done" and backup["verified"] is True
    assert backup["backend"] in {"sqlite", "postgres"} and backup["backend"] in file.name
    assert backup["fileName"] == file.name
    assert backup["sizeBytes"] == file.stat().st_size


async def test_a_backup_taken_by_hand_is_listed_without_a_day(
    api: GraphQLClient, database_url: str, tmp_path: Path
) -> None:
    admin = await signed_in(api, "admin")

    taken = await tandem(tmp_path, environment(database_url, tmp_path / "manual"), "backup")
    data = await api.ok(BACKUPS, {"first": 10}, token=admin.access_token)

    assert taken.code == 0, taken.output
    (backup,) = data["backups"]
    assert backup["day"] is None and backup["status"] == "done" and backup["verified"]
    assert backup["fileName"] == backups_in(tmp_path / "manual")[0].name


@pytest.mark.parametrize(
    "role", ["senior_manager", "manager", "salesperson", "marketing", "support", "read_only"]
)
async def test_other_roles_may_not_list_backups(
    api: GraphQLClient, app: Starlette, clock: FrozenClock, role: str
) -> None:
    someone = await signed_in(api, role)
    await _daily_backup(app, clock)

    error = await api.error(BACKUPS, {"first": 10}, token=someone.access_token)

    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_listing_backups_needs_a_caller(api: GraphQLClient) -> None:
    error = await api.error(BACKUPS, {"first": 10})

    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_page_size_out_of_range_is_refused(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")

    error = await api.error(BACKUPS, {"first": 0}, token=admin.access_token)

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "first"
