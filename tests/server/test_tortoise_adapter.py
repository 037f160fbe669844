"""Contract test for server/tortoise_cache.py, and the switch between database kinds it exists
for: `tandem migrate` on a SQLite file, then the suite's own database (PostgreSQL under
TANDEM_TEST_DATABASE_URL) in the same process."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tortoise import Tortoise
from tortoise.backends.base import executor
from typer.testing import CliRunner

from models.department import Department
from models.tortoise_adapter import forget_statements
from server import db
from server.app import open_database
from server.cli import cli
from server.settings import Settings


def test_the_cache_is_the_dict_tortoise_fills_and_forgetting_empties_it(
    tmp_path: Path, settings: Settings
) -> None:
    async def write_one() -> None:
        await open_database(settings)
        try:
            made = await Department.create(name="Cache probe")
            await made.delete()
            assert isinstance(executor.EXECUTOR_CACHE, dict)
            assert executor.EXECUTOR_CACHE, "Tortoise no longer caches statements here"
        finally:
            await Tortoise.close_connections()

    asyncio.run(write_one())
    forget_statements()
    assert executor.EXECUTOR_CACHE == {}


def test_a_sqlite_database_then_the_test_database_in_one_process(
    tmp_path: Path, settings: Settings
) -> None:
    """On PostgreSQL runs this is the real switch: SQLite's cached INSERT sent to PostgreSQL
    was a syntax error; on SQLite runs it is two files of one kind."""
    other = settings.model_copy(update={"database_url": f"sqlite://{tmp_path / 'o.sqlite3'}"})
    CliRunner().invoke(cli, ["--help"])  # the command module loads as in the CLI tests

    async def write(where: Settings, name: str) -> str:
        await open_database(where)
        try:
            made = await Department.create(name=name)
            await made.delete()
            return made.name
        finally:
            await Tortoise.close_connections()

    asyncio.run(db.apply_migrations(other.database_url))
    assert asyncio.run(write(other, "In SQLite")) == "In SQLite"
    assert asyncio.run(write(settings, "After SQLite")) == "After SQLite"
