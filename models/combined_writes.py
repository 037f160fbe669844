"""A change's writes as one statement on PostgreSQL: the record's UPDATE and its new rows (stage
history, audit entry, outbox event) together, one round trip while the change holds its locks.

A change writes its record and, beside it, rows nobody reads back in the same transaction: the
audit entry, the outbox event, a history row. Through Tortoise each is its own statement (a
round trip, and the query builder's work for each). Here they are plain INSERTs and one UPDATE
in data-modifying CTEs of one statement:

    WITH w1 AS (INSERT INTO "deal_stage_change" (...) VALUES ($1, ...) RETURNING "id"),
         w2 AS (INSERT INTO "audit_entry" (...) VALUES (...) RETURNING "id"),
         w3 AS (INSERT INTO "outbox_event" (...) VALUES (...) RETURNING "id"),
         w4 AS (UPDATE "deal" SET "stage_id" = $n, ... WHERE "id" = $m)
    SELECT (SELECT "id" FROM w1), (SELECT "id" FROM w2), (SELECT "id" FROM w3)

The sub-statements write different tables, so the order PostgreSQL runs them in does not
matter. Values go to the driver as Tortoise's save would send them: each field's
``to_db_value`` (which also fills ``auto_now`` timestamps on the instance), after the same
row check as save()'s pre_save listener (``field_limits.check_row``). The new rows get their
ids; they are not saved again (no code does: they are append-only).

SQLite cannot put DML in a CTE (and has no round trip to save), and the switch (``use``) turns
the combined statement off: then each row is saved through Tortoise, in the same order. Tests
run dealMove both ways and compare what it wrote (tests/sales/test_deal_move_writes.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models import field_limits
from models.bulk_rows import is_postgres
from models.tortoise_adapter import meta

_SWITCH = {"combined": True}
_AUTO_NOW: dict[type[Model], list[str]] = {}
# Statements written combined: tests assert the path taken (a counter, not a timing).
COMBINED = {"statements": 0}


def use(enabled: bool) -> None:
    _SWITCH["combined"] = enabled


class Update:
    """``row``'s ``fields`` as its UPDATE writes them (``prepare``), before the statement."""

    def __init__(self, row: Model, columns: list[str], values: list[Any], done: bool) -> None:
        self.row, self.columns, self.values = row, columns, values
        # Written already (the plain path saves the row in ``prepare``).
        self.done = done


async def prepare(db: BaseDBAsyncClient, row: Model, fields: Sequence[str]) -> Update:
    """The UPDATE of ``row``'s ``fields``, its values converted now: an ``auto_now`` column
    (``updated_at``) is set on the instance here, so what is built from the row after this (the
    outbox event's values) shows what is written. On the plain path the row is saved here."""
    model_meta = meta(row)
    names = [*fields, *(n for n in _auto_now(row) if n not in fields)]
    if not combines(db):
        await row.save(using_db=db, update_fields=names)
        return Update(row, [], [], done=True)
    field_limits.check_row(row)  # what save()'s pre_save listener checks
    columns = [model_meta.fields_db_projection[n] for n in names]
    values = [model_meta.fields_map[n].to_db_value(getattr(row, n), row) for n in names]
    return Update(row, columns, values, done=False)


def combines(db: BaseDBAsyncClient) -> bool:
    return _SWITCH["combined"] and is_postgres(db)


async def write(db: BaseDBAsyncClient, update: Update, inserts: Sequence[Model]) -> None:
    """Write ``update`` and insert ``inserts`` (new rows, in this order), in ``db``'s
    transaction; the new rows get their ids."""
    if update.done:
        for row in inserts:
            await row.save(using_db=db, force_create=True)
        return
    for row in inserts:
        field_limits.check_row(row)
    params: list[Any] = []
    parts = []
    for i, row in enumerate(inserts, 1):
        parts.append(f"w{i} AS ({_insert(row, params)})")
    parts.append(f"w{len(inserts) + 1} AS ({_update(update, params)})")
    ids = ", ".join(f'(SELECT "id" FROM w{i})' for i in range(1, len(inserts) + 1))
    _, rows = await db.execute_query(f"WITH {', '.join(parts)} SELECT {ids or 'NULL'}", params)
    COMBINED["statements"] += 1
    for row, pk in zip(inserts, rows[0].values() if rows else (), strict=False):
        row.pk = pk


def _auto_now(row: Model) -> list[str]:
    """The model's ``auto_now`` fields (``updated_at``), found once per model: every update
    asks."""
    model = type(row)
    found = _AUTO_NOW.get(model)
    if found is None:
        fields_map = meta(row).fields_map
        found = _AUTO_NOW[model] = [
            n for n, f in fields_map.items() if getattr(f, "auto_now", False)
        ]
    return found


def _insert(row: Model, params: list[Any]) -> str:
    model_meta = meta(row)
    fields_map = model_meta.fields_map
    names = [
        n
        for n in model_meta.fields_db_projection
        if not (n == model_meta.pk_attr and row.pk is None)
    ]
    columns, places = [], []
    for name in names:
        params.append(fields_map[name].to_db_value(getattr(row, name), row))
        columns.append(f'"{model_meta.fields_db_projection[name]}"')
        places.append(f"${len(params)}")
    pk = model_meta.db_pk_column
    return (
        f'INSERT INTO "{model_meta.db_table}" ({", ".join(columns)}) '
        f'VALUES ({", ".join(places)}) RETURNING "{pk}" AS "id"'
    )


def _update(update: Update, params: list[Any]) -> str:
    model_meta = meta(update.row)
    sets = []
    for column, value in zip(update.columns, update.values, strict=True):
        params.append(value)
        sets.append(f'"{column}" = ${len(params)}')
    params.append(update.row.pk)
    return (
        f'UPDATE "{model_meta.db_table}" SET {", ".join(sets)} '
        f'WHERE "{model_meta.db_pk_column}" = ${len(params)}'
    )
