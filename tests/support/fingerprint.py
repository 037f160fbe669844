"""A cheap fingerprint of the whole database: did a call write anything?

For every table: its row count, and ``max(id)`` / ``max(version)`` where the table has those
columns. Inserts and deletes move the count or the max id; the versioned record tables move
``max(version)`` on every update. One query for all tables keeps it cheap enough to take before
and after every generated request.
"""

from __future__ import annotations

from typing import Any

from tortoise import connections

from tests.conftest import is_postgres

# Tables a refused call legitimately writes, left out of the fingerprint:
EXEMPT = frozenset(
    {
        "tortoise_migrations",  # the migration record, never touched by the API
        "login_attempt",  # a refused sign-in is recorded: that is what the table is for
        "login_lock",  # ...and enough refused sign-ins lock the address
        "rate_bucket",  # a refused call still counts against the caller's rate limit
    }
)

_queries: dict[str, str] = {}


async def _columns() -> dict[str, set[str]]:
    conn = connections.get("default")
    if is_postgres():
        _, rows = await conn.execute_query(
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns"
            " WHERE table_schema = 'public'"
        )
        pairs = [(r["t"], r["c"]) for r in rows]
    else:
        _, tables = await conn.execute_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        pairs = []
        for table in tables:
            _, cols = await conn.execute_query(f'PRAGMA table_info("{table["name"]}")')
            pairs += [(table["name"], c["name"]) for c in cols]
    found: dict[str, set[str]] = {}
    for table, column in pairs:
        found.setdefault(table, set()).add(column)
    return found


async def _query() -> str:
    key = "postgres" if is_postgres() else "sqlite"
    if key not in _queries:
        parts = []
        for table, columns in sorted((await _columns()).items()):
            if table in EXEMPT:
                continue
            top_id = 'MAX("id")' if "id" in columns else "NULL"
            top_version = 'MAX("version")' if "version" in columns else "NULL"
            parts.append(
                f"SELECT '{table}' AS t, COUNT(*) AS n, CAST({top_id} AS TEXT) AS i,"
                f' CAST({top_version} AS TEXT) AS v FROM "{table}"'
            )
        _queries[key] = " UNION ALL ".join(parts)
    return _queries[key]


async def fingerprint() -> dict[str, tuple[Any, ...]]:
    """``{table: (rows, max id, max version)}`` for every table not in :data:`EXEMPT`."""
    _, rows = await connections.get("default").execute_query(await _query())
    return {r["t"]: (r["n"], r["i"], r["v"]) for r in rows}


def changes(before: dict[str, tuple[Any, ...]], after: dict[str, tuple[Any, ...]]) -> list[str]:
    """The tables whose fingerprint moved, with both values: empty when nothing was written."""
    return [
        f"{table}: {before.get(table)} -> {after.get(table)}"
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    ]
