"""Every private name of Tortoise ORM that Tandem relies on, in one module (issue 16).

Tortoise's public API does not give what these need: a model's field metadata (``_meta``: the
columns, foreign keys, table), a queryset's SQL with its parameters (``QuerySet.sql()`` returns
the SQL only), an instance from a database row (``_init_from_db``), and the executor's statement
cache. Everything else uses Tortoise's public API. tests/server/test_tortoise_adapter.py is the
contract test: it fails when Tortoise renames or reshapes any name used here, within the version
bounds pyproject.toml allows (tortoise-orm>=1.1.9,<1.2).

Model instances from rows are Tortoise's own ``_init_from_db`` (``from_row``): the hand-written
hydration that built them faster for the list pages was deleted in issue 16, once reads compiled
to SQL answered those pages without model rows.

``fetch_by_ids(model, ids)`` is the dataloaders' query (rows by primary key), written by hand:
building ``pk__in`` with pypika cost more than running it for a page's 250 ids.

``copy_records(db, table, columns, records)`` is PostgreSQL's COPY for bulk writes (the contact
import, models/bulk_rows.py): asyncpg's ``copy_records_to_table`` on the asyncpg connection that
Tortoise's client holds (``_connection``: inside a transaction, the transaction's own), so the
rows land in the caller's transaction. Tortoise has no public way to reach that connection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from tortoise.backends.base import executor
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.queryset import QuerySet, ValuesQuery

M = TypeVar("M", bound=Model)


def is_saved(row: Model) -> bool:
    """Whether ``row`` came from the database or was saved (Tortoise's ``_saved_in_db``): what
    an INSERT-only model checks before letting save() write."""
    return bool(row._saved_in_db)


def meta(model: type[Model] | Model) -> Any:
    """The model's metadata: ``fields_map``, ``fk_fields``, ``db_table``, ``pk_attr`` ..."""
    return model._meta


def parameterized(
    query: QuerySet[Any] | ValuesQuery[Any],
) -> tuple[str, list[Any], BaseDBAsyncClient]:
    """A queryset's SQL, its parameters and the connection it runs on, without running it:
    for statements that embed a scoped query (models/board.py, models/forecast.py)."""
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    db = query._db
    assert db is not None
    return sql, list(params), db


def connection_of(query: QuerySet[Any]) -> BaseDBAsyncClient:
    """The connection ``parameterized`` would give, without building the query's SQL (a
    compiled read picks its dialect from it before embedding anything)."""
    query._choose_db_if_not_chosen()
    db = query._db
    assert db is not None
    return db


def from_row(model: type[M], row: Mapping[str, Any]) -> M:
    """An instance of ``model`` from a database row (column -> value), as a query builds it."""
    return model._init_from_db(**row)


def from_values(model: type[M], values: Mapping[str, Any]) -> M:
    """An instance of ``model`` from column values as an outbox event carries them (JSON
    types), the model's own columns only: a subscription's row without a query per delivery."""
    fields_map = meta(model).fields_map
    return from_row(
        model,
        {
            column: fields_map[column].to_python_value(raw)
            for column, raw in values.items()
            if column in fields_map
        },
    )


def row_builder(model: type[M]) -> Callable[[Mapping[str, Any]], M]:
    """``from_row`` for many rows of one model, columns not of the model ignored (a window
    function's rank)."""
    columns = frozenset(model._meta.fields_db_projection_reverse)

    def build(row: Mapping[str, Any]) -> M:
        # keys(), not iteration: a sqlite3.Row iterates its values.
        return model._init_from_db(**{k: row[k] for k in row.keys() if k in columns})  # noqa: SIM118

    return build


def forget_statements() -> None:
    """Drop the executor's cached INSERT/DELETE statements; the next use of each model builds
    them for its database. Tortoise caches them by connection name ("default") and table, not by
    database kind: a process that opens SQLite and then PostgreSQL under the same name (the test
    suite running `tandem` commands in-process; a tool that migrates one database and serves
    another) would send SQLite's statements to PostgreSQL, or `$1` placeholders to SQLite.
    Called whenever connections are opened; it costs one statement build per model, once."""
    executor.EXECUTOR_CACHE.clear()


async def copy_records(
    db: BaseDBAsyncClient, table: str, columns: Sequence[str], records: Sequence[Sequence[Any]]
) -> None:
    """COPY ``records`` (tuples in ``columns`` order, driver values) into ``table`` on ``db``
    (PostgreSQL only; inside a transaction, its connection)."""
    async with db.acquire_connection() as connection:
        # Tortoise's asyncpg clients hand out the asyncpg connection itself (a transaction's
        # wrapper: the transaction's connection, under its lock).
        await connection.copy_records_to_table(table, records=records, columns=list(columns))


# SQLite's limit on bound variables is 32,766 today but 999 on old builds: stay under both.
_SQLITE_CHUNK = 900


async def fetch_by_ids(model: type[M], ids: Sequence[Any]) -> list[M]:
    """The rows of ``model`` with these primary keys (deleted or not, in no order)."""
    if not ids:
        return []
    model_meta = model._meta
    db = model_meta.db
    table, pk = model_meta.db_table, model_meta.db_pk_column
    if db.capabilities.dialect == "postgres":
        _, rows = await db.execute_query(
            f'SELECT * FROM "{table}" WHERE "{pk}" = ANY($1)', [list(ids)]
        )
        return [from_row(model, row) for row in rows]
    out: list[M] = []
    for start in range(0, len(ids), _SQLITE_CHUNK):
        chunk = list(ids[start : start + _SQLITE_CHUNK])
        marks = ",".join("?" * len(chunk))
        _, rows = await db.execute_query(
            f'SELECT * FROM "{table}" WHERE "{pk}" IN ({marks})', chunk
        )
        out.extend(from_row(model, row) for row in rows)
    return out
