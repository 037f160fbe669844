"""Adding a field is the model, its migration and one line in the declaration: a pytest run
with tests/records/nickname_plugin.py (which does exactly that, and nothing else) passes
scenario_nickname.py on this run's backend, where the field shows in the type, inputs, filter,
order, search, export and events, each under its permission."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from schema.schema import build_schema

ROOT = Path(__file__).resolve().parents[2]


def test_a_field_added_to_a_declaration_reaches_every_part_of_the_api() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.records.nickname_plugin",
            "-n",
            "0",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/records/scenario_nickname.py",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "5 passed" in run.stdout


def test_the_field_exists_only_where_it_was_declared() -> None:
    """This process never loaded the plugin: the real schema has no such field."""
    sdl = build_schema().as_str()

    assert "nickname" not in sdl
