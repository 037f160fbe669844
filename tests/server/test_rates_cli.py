"""`tandem rates import`: a rate file from a terminal, as a given user: all rates or none."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from server.cli import cli

runner = CliRunner()
GOOD = "currency,rate,valid_on\nUSD,0.9,2026-01-01\nGBP,1.17,2026-01-01\n"
BAD = "currency,rate,valid_on\nUSD,0.9,2026-01-01\nXXY,1,2026-01-01\nGBP,0,2026-01-01\n"


@pytest.fixture
def owner_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TANDEM_DATABASE_URL", f"sqlite://{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("TANDEM_BROADCAST_URL", "memory://")
    monkeypatch.setenv("TANDEM_OWNER_PASSWORD", "a-long-and-unusual-passphrase")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["migrate"]).exit_code == 0
    made = runner.invoke(cli, ["create-owner", "--email", "boss@acme.test", "--name", "Boss"])
    assert made.exit_code == 0, made.output
    return tmp_path


def _rates(path: Path, *extra: str) -> list[str]:
    return ["rates", "import", str(path), "--as-user", "boss@acme.test", *extra]


def test_a_bad_file_lists_each_bad_row_with_its_code_and_writes_nothing(owner_db: Path) -> None:
    bad = owner_db / "bad.csv"
    bad.write_text(BAD)
    good = owner_db / "good.csv"
    good.write_text(GOOD)

    refused = runner.invoke(cli, _rates(bad))
    imported = runner.invoke(cli, _rates(good))

    assert refused.exit_code == 1
    assert "line 3: UNKNOWN_CURRENCY" in refused.output
    assert "line 4: BAD_RATE" in refused.output
    assert "2 row(s) are invalid; nothing was imported" in refused.output
    # Nothing of the bad file was written: the good file's two rates are all there is.
    assert imported.exit_code == 0, imported.output
    assert "imported 2 exchange rate(s) from good.csv" in imported.output


def test_an_unknown_user_or_format_is_a_clear_error(owner_db: Path) -> None:
    good = owner_db / "good.csv"
    good.write_text(GOOD)

    nobody = runner.invoke(cli, ["rates", "import", str(good), "--as-user", "no@acme.test"])
    wrong = runner.invoke(cli, _rates(good, "--format", "json"))
    as_ecb = runner.invoke(cli, _rates(good, "--format", "ecb"))

    assert (nobody.exit_code, wrong.exit_code, as_ecb.exit_code) == (1, 2, 1)
    assert "No user no@acme.test" in nobody.output
    assert "(BAD_XML)" in as_ecb.output
