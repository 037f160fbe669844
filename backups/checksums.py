"""Row counts and a checksum per table, the same function at backup and at restore.

A table's checksum is the sum, modulo 2**128, of a hash of each row's text. A sum does not
depend on the order rows come in, so no table is sorted (and a table without a key works the
same); each row counts however often it occurs. Rows are read as a stream, never all at once.
SQLite rows are hashed as Python reprs of the values sqlite3 returns; PostgreSQL rows as the
server's own text of the row, with the session's time zone and formats fixed so two sessions
print a row alike.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable

import asyncpg

from backups.files import TableSum

MOD = 1 << 128
# (table name, tables done, tables in all)
TableProgress = Callable[[str, int, int], None]


def _row_hash(text: bytes) -> int:
    return int.from_bytes(hashlib.sha256(text).digest()[:16], "big")


def _summed(rows: Iterable[bytes]) -> TableSum:
    total = count = 0
    for row in rows:
        total = (total + _row_hash(row)) % MOD
        count += 1
    return TableSum(rows=count, checksum=f"{total:032x}")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_tables(
    conn: sqlite3.Connection, progress: TableProgress | None = None
) -> dict[str, TableSum]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    sums = {}
    # Table names come from the catalogue, not from input, and are quoted.
    for done, name in enumerate(names):
        rows = conn.execute(f"SELECT * FROM {quote(name)}")
        sums[name] = _summed(repr(row).encode() for row in rows)
        if progress:
            progress(name, done + 1, len(names))
    return sums


async def postgres_tables(
    conn: asyncpg.Connection, progress: TableProgress | None = None
) -> dict[str, TableSum]:
    """Must run inside a transaction (the caller's snapshot; cursors need one)."""
    for setting in ("TimeZone = 'UTC'", "DateStyle = 'ISO, YMD'", "extra_float_digits = 3"):
        await conn.execute(f"SET LOCAL {setting}")
    names = [
        r["tablename"]
        for r in await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    sums = {}
    for done, name in enumerate(names):
        total = count = 0
        query = f"SELECT t::text FROM {quote(name)} t"
        async for record in conn.cursor(query, prefetch=2000):
            total = (total + _row_hash(record[0].encode())) % MOD
            count += 1
        sums[name] = TableSum(rows=count, checksum=f"{total:032x}")
        if progress:
            progress(name, done + 1, len(names))
    return sums


def differences(expected: dict[str, TableSum], found: dict[str, TableSum]) -> list[str]:
    """One line per table whose rows or checksum differ, or that is missing or extra."""
    lines = []
    for name in sorted(expected.keys() | found.keys()):
        want, got = expected.get(name), found.get(name)
        if want is None:
            lines.append(f"{name}: not in the backup")
        elif got is None:
            lines.append(f"{name}: missing")
        elif want.rows != got.rows:
            lines.append(f"{name}: {got.rows} rows, the backup has {want.rows}")
        elif want.checksum != got.checksum:
            lines.append(f"{name}: same {got.rows} rows but different content")
    return lines
