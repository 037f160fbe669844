"""`tandem import contacts`: the import job from a terminal, as a given user, with a summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from server.cli import cli

runner = CliRunner()
ROWS = "Nombre,Correo\nAda,ada@example.com\nGrace,grace@example.com\nBad,not-an-email\n"


@pytest.fixture
def owner_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TANDEM_DATABASE_URL", f"sqlite://{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("TANDEM_BROADCAST_URL", "memory://")
    monkeypatch.setenv("TANDEM_OWNER_PASSWORD", "a-long-and-unusual-passphrase")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    made = runner.invoke(cli, ["create-owner", "--email", "boss@acme.test", "--name", "Boss"])
    assert made.exit_code == 0, made.output
    (tmp_path / "people.csv").write_text(ROWS)
    return tmp_path / "people.csv"


def _import(file: Path, *extra: str) -> list[str]:
    mapping = ["--mapping", "Nombre=firstName", "--mapping", "Correo=email"]
    return ["import", "contacts", str(file), "--as-user", "boss@acme.test", *mapping, *extra]


def test_bad_rows_stop_the_import_and_are_listed(owner_db: Path) -> None:
    result = runner.invoke(cli, _import(owner_db))

    assert result.exit_code == 1
    assert "rejected" in result.output
    assert "row 3: email: Not a valid e-mail address" in result.output


def test_skip_invalid_writes_the_good_rows_and_a_second_run_finds_them_duplicates(
    owner_db: Path,
) -> None:
    first = runner.invoke(cli, _import(owner_db, "--skip-invalid"))
    again = runner.invoke(cli, _import(owner_db, "--dry-run"))

    assert first.exit_code == 0, first.output
    assert "writing" in first.output and "2/2" in first.output
    assert "A contact with this e-mail exists" in again.output


def test_an_unknown_user_is_a_clear_error(owner_db: Path) -> None:
    result = runner.invoke(
        cli, ["import", "contacts", str(owner_db), "--as-user", "nobody@acme.test"]
    )

    assert result.exit_code == 1
    assert "No user nobody@acme.test" in result.output
