"""Bulk writers for the benchmark data: asyncpg COPY on PostgreSQL, executemany on SQLite.

Rows arrive as tuples of plain Python values (datetime, date, Decimal, bool, str, int, None) in
the order of the table's ``columns``; each writer turns them into what its driver wants. Both
write a chunk at a time, inside one transaction for the whole load, so a failed load leaves
nothing behind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol
from urllib.parse import urlsplit

import asyncpg

Row = tuple[Any, ...]


class BulkWriter(Protocol):
    async def write(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None: ...

    async def finish(self, tables: Sequence[str]) -> None: ...

    async def abort(self) -> None: ...


def _sqlite_value(value: Any) -> Any:
    # The same text forms Tortoise's SQLite executor writes (datetime.isoformat(" "), decimals
    # as strings), so that the ORM reads the rows back exactly as if it had written them.
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class SqliteWriter:
    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("BEGIN")

    async def write(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self._db.executemany(
            f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
            ([_sqlite_value(v) for v in row] for row in rows),
        )

    async def finish(self, tables: Sequence[str]) -> None:
        # AUTOINCREMENT continues after the largest id: explicit ids need no fix-up here.
        self._db.execute("COMMIT")
        self._db.close()

    async def abort(self) -> None:
        self._db.execute("ROLLBACK")
        self._db.close()


class PostgresWriter:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self._tx = conn.transaction()

    @classmethod
    async def open(cls, database_url: str) -> PostgresWriter:
        parts = urlsplit(database_url)
        url = parts._replace(scheme="postgresql").geturl()
        conn = await asyncpg.connect(url, timeout=30)
        writer = cls(conn)
        await writer._tx.start()
        return writer

    async def write(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        await self._conn.copy_records_to_table(table, records=rows, columns=list(columns))

    async def finish(self, tables: Sequence[str]) -> None:
        # Rows were copied with explicit ids: move each id sequence past them, or the next
        # INSERT through the ORM would collide.
        for table in tables:
            await self._conn.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
            )
        await self._tx.commit()
        await self._conn.execute("ANALYZE")
        await self._conn.close()

    async def abort(self) -> None:
        await self._tx.rollback()
        await self._conn.close()


async def open_writer(database_url: str) -> BulkWriter:
    if database_url.startswith("sqlite://"):
        return SqliteWriter(database_url.split("://", 1)[1])
    return await PostgresWriter.open(database_url)
