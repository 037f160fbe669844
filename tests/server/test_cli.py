"""The `tandem` command: clear failures for bad setups, migrations, the first owner, the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from server.cli import cli
from tests.support.services import free_port

runner = CliRunner()


@pytest.fixture
def fresh_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite://{tmp_path / 'fresh.sqlite3'}"
    monkeypatch.setenv("TANDEM_DATABASE_URL", url)
    monkeypatch.setenv("TANDEM_BROADCAST_URL", "memory://")
    monkeypatch.chdir(tmp_path)  # no stray .env file from the developer's checkout
    return url


def test_an_unsupported_database_url_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TANDEM_DATABASE_URL", "mysql://localhost/crm")
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert "TANDEM_DATABASE_URL must start with sqlite:// or postgres://" in result.output


def test_production_mode_refuses_a_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_MODE", "production")
    monkeypatch.setenv("TANDEM_SECRET_KEY", "change-me")
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert "TANDEM_SECRET_KEY is a default or well-known value" in result.output


def test_production_mode_refuses_a_short_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_MODE", "production")
    monkeypatch.setenv("TANDEM_SECRET_KEY", "abcdefghijklmnop")
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert "too weak" in result.output


def test_serving_an_unmigrated_database_says_to_migrate(fresh_sqlite: str) -> None:
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 1
    assert "is not migrated" in result.output
    assert "tandem migrate" in result.output


def test_an_unreachable_database_is_named_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_DATABASE_URL", f"postgres://tandem:pw@127.0.0.1:{free_port()}/x")
    result = runner.invoke(cli, ["migrate"])
    assert result.exit_code == 1
    assert "cannot reach the database at postgres://tandem:***@127.0.0.1" in result.output
    assert ":pw@" not in result.output


def test_an_unreachable_broker_is_named_clearly(
    fresh_sqlite: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    monkeypatch.setenv("TANDEM_BROADCAST_URL", f"redis://127.0.0.1:{free_port()}/0")
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 1
    assert "cannot reach the broker at redis://127.0.0.1" in result.output


def test_a_database_in_a_missing_folder_is_named_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The driver would wait forever for a file it cannot create: both commands say why instead.
    monkeypatch.setenv("TANDEM_DATABASE_URL", f"sqlite://{tmp_path / 'missing' / 'x.sqlite3'}")
    monkeypatch.setenv("TANDEM_BROADCAST_URL", "memory://")
    monkeypatch.chdir(tmp_path)
    for command in (["migrate"], ["serve"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 1, result.output
        assert f"the folder of the SQLite database does not exist: {tmp_path / 'missing'}" in (
            result.output
        )


def test_migrate_is_idempotent(fresh_sqlite: str) -> None:
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    second = runner.invoke(cli, ["migrate"])
    assert second.exit_code == 0
    assert "up to date" in second.output


def test_create_owner_refuses_a_weak_password(
    fresh_sqlite: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    monkeypatch.setenv("TANDEM_OWNER_PASSWORD", "password123")
    result = runner.invoke(cli, ["create-owner", "--email", "boss@acme.test", "--name", "Boss"])
    assert result.exit_code == 1
    assert "Password must be at least 12 characters" in result.output


def test_create_owner_refuses_a_duplicate_email(
    fresh_sqlite: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    monkeypatch.setenv("TANDEM_OWNER_PASSWORD", "a-long-and-unusual-passphrase")
    args = ["create-owner", "--email", "boss@acme.test", "--name", "Boss"]
    assert runner.invoke(cli, args).exit_code == 0
    again = runner.invoke(cli, ["create-owner", "--email", "BOSS@acme.test", "--name", "Boss 2"])
    assert again.exit_code == 1
    assert "already exists" in again.output
