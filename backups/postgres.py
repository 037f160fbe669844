"""PostgreSQL: backup with ``pg_dump --format=custom``, restore with ``pg_restore``.

The backup opens a repeatable-read transaction, exports its snapshot and hands it to pg_dump
(``--snapshot``), and computes the manifest in that same transaction while pg_dump runs: the dump
and the manifest describe one snapshot, whatever the server writes meanwhile. pg_dump and
pg_restore run with ``--verbose``; their "dumping contents of table" / "processing data for
table" lines move the progress bar. The restore runs in one transaction (``--single-
transaction``), so a failed restore leaves the target as it was.
"""

from __future__ import annotations

import asyncio
import glob
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import asyncpg

from backups.checksums import TableProgress, postgres_tables
from backups.errors import TARGET_NOT_EMPTY, TOOL_FAILED, TOOL_MISSING, BackupError
from backups.files import TableSum
from models.i18n import msg

# (tables done, tables in all)
TableCount = Callable[[int, int], None]
# Where Debian and Ubuntu install the programs of each PostgreSQL version.
INSTALL_GLOB = "/usr/lib/postgresql/*/bin"
DATA_LINE = re.compile(r"(dumping contents of table|processing data for table) ")


def tool(name: str) -> str:
    """The path of a PostgreSQL client program: PATH first, then the newest Debian-style
    install under /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(
        glob.glob(f"{INSTALL_GLOB}/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if installed:
        return installed[-1]
    raise BackupError(
        TOOL_MISSING,
        msg(
            "{name} not found on PATH nor in /usr/lib/postgresql/*/bin; install "
            "the PostgreSQL client programs (e.g. `apt-get install "
            "postgresql-client`)",
            name=name,
        ),
    )


def libpq_target(url: str) -> tuple[str, dict[str, str]]:
    """A URL libpq and asyncpg both read, and the environment with its password (kept off
    the command line, where any user of the machine could read it). The programs run with
    --no-password: a missing password is an error, never a prompt a server process would hang
    on."""
    parts = urlsplit(url)
    env = dict(os.environ)
    netloc = parts.netloc
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        netloc = netloc.replace(f":{parts.password}@", "@", 1)
    # Tortoise's pool options (?maxsize=...) mean nothing to libpq.
    return urlunsplit(("postgresql", netloc, parts.path, "", "")), env


async def _connect(url: str) -> asyncpg.Connection:
    dsn, env = libpq_target(url)
    return await asyncpg.connect(dsn, password=env.get("PGPASSWORD"), timeout=10)


async def _run(
    args: list[str], env: dict[str, str], total: int, progress: TableCount | None
) -> None:
    proc = await asyncio.create_subprocess_exec(
        *args, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
    )
    assert proc.stderr is not None
    done = 0
    errors = []
    try:
        async for raw in proc.stderr:
            line = raw.decode(errors="replace").rstrip()
            if DATA_LINE.search(line):
                done += 1
                if progress:
                    progress(min(done, total), total)
            elif "error" in line.lower() or "fatal" in line.lower():
                errors.append(line)
        code = await proc.wait()
    except asyncio.CancelledError:
        # Interrupted (the server stops): the program goes too, not left running alone.
        proc.kill()
        await proc.wait()
        raise
    if code != 0:
        name = Path(args[0]).name
        raise BackupError(
            TOOL_FAILED,
            msg(
                "{name} failed: {output}",
                name=name,
                output="; ".join(errors[-3:]) or "see its output",
            ),
        )


async def backup(
    url: str, dest: Path, tables: TableProgress | None, dumped: TableCount | None
) -> dict[str, TableSum]:
    pg_dump = tool("pg_dump")
    dsn, env = libpq_target(url)
    conn = await _connect(url)
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await conn.fetchval("SELECT pg_export_snapshot()")
            count = await conn.fetchval(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            )
            args = [
                pg_dump, "--format=custom", "--verbose", "--no-password", f"--snapshot={snapshot}",
                f"--file={dest}", f"--dbname={dsn}",
            ]  # fmt: skip
            dump = asyncio.create_task(_run(args, env, count, dumped))
            try:
                sums = await postgres_tables(conn, tables)
            except BaseException:
                dump.cancel()
                raise
            finally:
                # The snapshot lives as long as this transaction: pg_dump must finish inside it.
                await asyncio.wait([dump])
            dump.result()
    finally:
        await conn.close()
    return sums


async def archived_tables(path: Path) -> set[str]:
    """The tables whose data the archive holds (``pg_restore --list``): the archive reads."""
    proc = await asyncio.create_subprocess_exec(
        tool("pg_restore"), "--list", str(path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await proc.communicate()
    if proc.returncode != 0:
        raise BackupError(
            TOOL_FAILED,
            msg(
                "pg_restore cannot read {name}: {output}",
                name=path.name,
                output=err.decode().strip(),
            ),
        )
    found = re.findall(r"TABLE DATA public (\S+) ", out.decode())
    return {name.strip('"') for name in found}


async def is_empty(url: str) -> bool:
    conn = await _connect(url)
    try:
        return not await conn.fetchval(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public'"
        )
    finally:
        await conn.close()


async def _clear(url: str) -> None:
    conn = await _connect(url)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await conn.close()


async def restore(
    path: Path,
    url: str,
    *,
    force: bool,
    tables_total: int,
    tables: TableProgress | None,
    restored: TableCount | None,
) -> dict[str, TableSum]:
    pg_restore = tool("pg_restore")
    dsn, env = libpq_target(url)
    if not await is_empty(url):
        if not force:
            raise BackupError(
                TARGET_NOT_EMPTY,
                msg(
                    "the target database {database} is not empty; restore into a new one "
                    "(createdb) or pass --force to replace its contents",
                    database=urlsplit(dsn).path.lstrip("/"),
                ),
            )
        await _clear(url)
    args = [
        pg_restore, "--verbose", "--no-password", "--single-transaction", "--exit-on-error",
        "--no-owner", "--no-privileges", f"--dbname={dsn}", str(path),
    ]  # fmt: skip
    await _run(args, env, tables_total, restored)
    conn = await _connect(url)
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            return await postgres_tables(conn, tables)
    finally:
        await conn.close()
