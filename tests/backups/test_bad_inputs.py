"""`tandem backup` / `tandem restore` refuse what they cannot do with one clear line and its
code, and change nothing: a missing or damaged file, a backup of the other backend, a target
that is not empty, no pg_dump, a bad schedule setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from backups import postgres
from server.cli import cli
from tests.conftest import is_postgres
from tests.support.backups import Ran, backups_in, environment, fresh_database, scalar, tandem
from tests.support.services import free_port

runner = CliRunner()


async def _backup(database_url: str, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    env = environment(database_url, tmp_path / "backups")
    taken = await tandem(tmp_path, env, "backup")
    assert taken.code == 0, taken.output
    (backup,) = backups_in(tmp_path / "backups")
    return backup, env


def _refused(ran: Ran, code: str, words: str) -> None:
    assert ran.code == 1, ran.output
    assert f"({code})" in ran.output
    assert words in " ".join(ran.output.split())


async def test_restoring_a_missing_file_is_refused(database_url: str, tmp_path: Path) -> None:
    env = environment(database_url, tmp_path)

    ran = await tandem(tmp_path, env, "restore", str(tmp_path / "nothing.sqlite3"))

    _refused(ran, "MISSING_FILE", "no backup file at")


async def test_a_backup_without_its_manifest_is_refused(database_url: str, tmp_path: Path) -> None:
    backup, env = await _backup(database_url, tmp_path)
    backup.with_name(backup.name + ".manifest.json").unlink()

    async with fresh_database(tmp_path) as target:
        ran = await tandem(tmp_path, env, "restore", str(backup), "--database-url", target)

    _refused(ran, "MISSING_MANIFEST", f"no manifest beside {backup.name}")


async def test_a_damaged_backup_is_refused(database_url: str, tmp_path: Path) -> None:
    backup, env = await _backup(database_url, tmp_path)
    with backup.open("ab") as f:
        f.write(b"\0")

    async with fresh_database(tmp_path) as target:
        ran = await tandem(tmp_path, env, "restore", str(backup), "--database-url", target)

    _refused(ran, "DAMAGED_FILE", "does not match its manifest's checksum")


async def test_a_backup_of_the_other_backend_is_refused(database_url: str, tmp_path: Path) -> None:
    backup, env = await _backup(database_url, tmp_path)
    other = (
        f"sqlite://{tmp_path / 'other.sqlite3'}"
        if is_postgres()
        else f"postgres://postgres@127.0.0.1:{free_port()}/other"
    )

    ran = await tandem(tmp_path, env, "restore", str(backup), "--database-url", other)

    mine, theirs = ("postgres", "sqlite") if is_postgres() else ("sqlite", "postgres")
    _refused(ran, "WRONG_BACKEND", f"is a {mine} backup; the target database is {theirs}")


async def test_a_target_that_is_not_empty_is_refused_and_left_alone(
    database_url: str, tmp_path: Path
) -> None:
    backup, env = await _backup(database_url, tmp_path)
    before = await scalar(database_url, "SELECT count(*) FROM tortoise_migrations")

    ran = await tandem(tmp_path, env, "restore", str(backup), "--database-url", database_url)

    _refused(ran, "TARGET_NOT_EMPTY", "is not empty")
    assert "--force" in ran.output
    assert await scalar(database_url, "SELECT count(*) FROM tortoise_migrations") == before


async def test_force_replaces_a_target_that_is_not_empty(database_url: str, tmp_path: Path) -> None:
    backup, env = await _backup(database_url, tmp_path)

    async with fresh_database(tmp_path) as target:
        first = await tandem(tmp_path, env, "restore", str(backup), "--database-url", target)
        forced = await tandem(
            tmp_path, env, "restore", str(backup), "--database-url", target, "--force"
        )

    assert first.code == 0, first.output
    assert forced.code == 0, forced.output
    assert "tables match the manifest" in forced.output


def test_a_missing_pg_dump_is_named_with_where_it_was_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(postgres, "INSTALL_GLOB", str(tmp_path / "postgresql/*/bin"))
    monkeypatch.chdir(tmp_path)
    url = f"postgres://postgres@127.0.0.1:{free_port()}/crm"

    result = runner.invoke(cli, ["backup", "--database-url", url, "--to", str(tmp_path)])

    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "pg_dump not found on PATH nor in /usr/lib/postgresql/*/bin" in output
    assert "(TOOL_MISSING)" in output
    assert backups_in(tmp_path) == []


def test_a_backup_time_that_is_not_hh_mm_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TANDEM_BACKUP_TIME", "3am")
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(cli, ["backup"])

    assert result.exit_code == 2
    assert "TANDEM_BACKUP_TIME must be HH:MM in UTC" in result.output


async def test_an_unreachable_target_is_named_without_its_password(
    database_url: str, tmp_path: Path
) -> None:
    backup, env = await _backup(database_url, tmp_path)
    target = (
        f"postgres://postgres:pw@127.0.0.1:{free_port()}/restored"
        if is_postgres()
        else f"sqlite://{tmp_path / 'no-such-folder' / 'restored.sqlite3'}"
    )

    ran = await tandem(tmp_path, env, "restore", str(backup), "--database-url", target)

    _refused(ran, "DATABASE_ERROR", "cannot restore into")
    assert ":pw@" not in ran.output
