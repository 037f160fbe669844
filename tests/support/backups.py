"""Running `tandem backup` / `tandem restore` as a user does (a process of their own, so a test
can write through the API while they run), and fresh databases to restore into."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from tests.conftest import TEST_DATABASE_URL, _admin, _with_database, is_postgres

TANDEM = str(Path(sys.executable).parent / "tandem")


@dataclass(frozen=True, slots=True)
class Ran:
    code: int
    output: str


def environment(database_url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TANDEM_DATABASE_URL": database_url,
        "TANDEM_BROADCAST_URL": "memory://",
        "TANDEM_BACKUP_DIR": str(folder),
        # Progress bars drawn for a terminal would only clutter the captured output.
        "TERM": "dumb",
        "COLUMNS": "200",
    }


async def tandem(cwd: Path, env: dict[str, str], *args: str) -> Ran:
    proc = await asyncio.create_subprocess_exec(
        TANDEM,
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    return Ran(proc.returncode or 0, out.decode())


def backups_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in {".sqlite3", ".dump"})


def manifest_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_name(path.name + ".manifest.json").read_text())
    return data


@asynccontextmanager
async def fresh_database(tmp_path: Path) -> AsyncIterator[str]:
    """The URL of a new, empty database of the suite's backend, dropped afterwards."""
    if not is_postgres():
        yield f"sqlite://{tmp_path / f'restored-{uuid.uuid4().hex[:6]}.sqlite3'}"
        return
    name = f"tandem_restore_{uuid.uuid4().hex[:10]}"
    await _admin(TEST_DATABASE_URL, f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(TEST_DATABASE_URL, name)
    finally:
        await _admin(TEST_DATABASE_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def scalar(database_url: str, sql: str) -> Any:
    """One value read from a database as it is on disk, outside Tandem."""
    if database_url.startswith("sqlite://"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite://"))
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    pg = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        return await pg.fetchval(sql)
    finally:
        await pg.close()
