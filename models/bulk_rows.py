"""Rows written in bulk on PostgreSQL: ids drawn from the table's sequence, then one COPY.

The contact import (models/import_actions.py) writes thousands of contacts, their audit entries
and their outbox events per transaction. One INSERT per row costs a round trip each; COPY sends
a whole batch in one. COPY does not return the ids it assigns, so they are taken first, in one
statement, from the same sequence the column's default uses (``nextval`` over
``generate_series``): the rows get exactly the ids an INSERT would have given them, and the
audit entries and events can name them before anything is written.

Values go to the driver as Tortoise would send them (each field's ``to_db_value``, which also
fills ``auto_now`` / ``auto_now_add`` timestamps on the instance), so a row copied is the row an
INSERT would have stored. SQLite has neither COPY nor sequences: its import keeps one INSERT per
row (in-process, no round trip), see ``is_postgres``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.tortoise_adapter import copy_records, meta

# How many COPY statements and rows went through this module: tests assert the bulk path is
# the one taken on PostgreSQL (a counter, not a timing).
COPIED = {"statements": 0, "rows": 0}
# The fast path's switch (issue 16: every fast path has one, and tests run both ways): off, the
# import writes as on SQLite, one INSERT per record.
_SWITCH = {"copy": True}


def use_copy(enabled: bool) -> None:
    _SWITCH["copy"] = enabled


def is_postgres(db: BaseDBAsyncClient) -> bool:
    return bool(db.capabilities.dialect == "postgres")


def copies(db: BaseDBAsyncClient) -> bool:
    """Whether bulk writes on ``db`` go through COPY: PostgreSQL, with the switch on."""
    return _SWITCH["copy"] and is_postgres(db)


async def next_ids(db: BaseDBAsyncClient, model: type[Model], count: int) -> list[int]:
    """``count`` fresh ids from the sequence behind ``model``'s primary key, in order."""
    if count == 0:
        return []
    model_meta = meta(model)
    table, pk = model_meta.db_table, model_meta.db_pk_column
    rows = await db.execute_query_dict(
        f"SELECT nextval(pg_get_serial_sequence('\"{table}\"', '{pk}')) AS id"
        " FROM generate_series(1, $1)",
        [count],
    )
    return [int(r["id"]) for r in rows]


async def refresh_statistics(db: BaseDBAsyncClient, model: type[Model], batch: int) -> None:
    """ANALYZE ``model``'s table after batches 1, 2, 4, 8 ... of a bulk write (PostgreSQL).

    A table an import fills from empty keeps the statistics of an empty table until autovacuum
    comes round: the planner then takes the indexed duplicate lookups for scans of the whole
    table, once per batch (measured: 100 ms per batch at 70,000 contacts, growing). Refreshed
    at each doubling, the estimates stay within a factor of two for log2(batches) ANALYZEs."""
    if is_postgres(db) and batch & (batch - 1) == 0:
        await db.execute_script(f'ANALYZE "{meta(model).db_table}"')


def in_list(db: BaseDBAsyncClient, column: str, position: int) -> str:
    """SQL for ``column`` being one of a list passed as the ``position``-th (1-based)
    parameter, whatever its length: building ``IN ($1, ..., $500)`` with the query builder
    costs more than running the query (measured: ~70 ms for 500 values)."""
    if is_postgres(db):
        return f"{column} = ANY(${position}::text[])"
    return f"{column} IN (SELECT value FROM json_each(?))"


def list_param(db: BaseDBAsyncClient, values: Sequence[str]) -> Any:
    """The parameter ``in_list`` expects: an array on PostgreSQL, JSON text on SQLite."""
    return list(values) if is_postgres(db) else orjson.dumps(list(values)).decode()


def columns(model: type[Model]) -> list[str]:
    """The stored columns of ``model``, primary key included."""
    return list(meta(model).fields_db_projection.values())


def record(row: Model) -> tuple[Any, ...]:
    """``row``'s values in ``columns`` order, as the driver takes them."""
    model_meta = meta(row)
    fields_map = model_meta.fields_map
    return tuple(
        fields_map[name].to_db_value(getattr(row, name), row)
        for name in model_meta.fields_db_projection
    )


def values_record(model: type[Model], values: dict[str, Any]) -> tuple[Any, ...]:
    """A row given as column -> value (every column), in ``columns`` order, driver-ready:
    for rows no code reads back as instances (audit entries, outbox events)."""
    model_meta = meta(model)
    fields_map = model_meta.fields_map
    return tuple(
        fields_map[name].to_db_value(values[column], model)
        for name, column in model_meta.fields_db_projection.items()
    )


async def copy(
    db: BaseDBAsyncClient,
    model: type[Model],
    names: Sequence[str],
    records: Sequence[Sequence[Any]],
) -> None:
    """COPY ``records`` (values for ``names``, driver-ready) into ``model``'s table on ``db``."""
    if not records:
        return
    await copy_records(db, meta(model).db_table, names, records)
    COPIED["statements"] += 1
    COPIED["rows"] += len(records)
