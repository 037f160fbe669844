"""Every private name of Tortoise ORM that Tandem relies on, in one module (issue 16).

Tortoise's public API does not give what these need: a model's field metadata (``_meta``: the
columns, foreign keys, table), a queryset's SQL with its parameters (``QuerySet.sql()`` returns
the SQL only), an instance from a database row (``_init_from_db``), and the executor's statement
cache. Everything else uses Tortoise's public API. tests/server/test_tortoise_adapter.py is the
contract test: it fails when Tortoise renames or reshapes any name used here, within the version
bounds pyproject.toml allows (tortoise-orm>=1.1.9,<1.2).

One fast path lives here too, with its switch (``use_fast_rows``): model instances from database
rows for the read paths that fetch hundreds per request. Tortoise builds each row with
``Model._init_from_db(**row)``: the row copied into a dict, then into keyword arguments, then one
``object.__setattr__`` call per column, and a generic ``to_python_value`` for every timestamp. A
board hydrates ~750 rows (deals, their companies, contacts and owners), where that was a tenth of
the request. ``hydrator(model)`` builds the same instance (same attributes, same internal flags,
same converted values) writing its ``__dict__`` directly, with the conversions decided once per
model; the contract test checks it against ``_init_from_db`` for every model.

``fetch_by_ids(model, ids)`` is the dataloaders' query (rows by primary key), written by hand:
building ``pk__in`` with pypika cost more than running it for a page's 250 ids.
``fetch(query)`` runs a plain queryset (no annotations, select_related, prefetch, values, or
single-row fetch: those go through Tortoise as before) and hydrates its rows this way.

``copy_records(db, table, columns, records)`` is PostgreSQL's COPY for bulk writes (the contact
import, models/bulk_rows.py): asyncpg's ``copy_records_to_table`` on the asyncpg connection that
Tortoise's client holds (``_connection``: inside a transaction, the transaction's own), so the
rows land in the caller's transaction. Tortoise has no public way to reach that connection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from tortoise import timezone
from tortoise.backends.base import executor
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields.data import DatetimeField
from tortoise.models import Model
from tortoise.queryset import QuerySet, ValuesQuery

from models import fast_paths

M = TypeVar("M", bound=Model)
_HYDRATORS: dict[type[Model], Callable[[Mapping[str, Any]], Any]] = {}


def use_fast_rows(enabled: bool) -> None:
    """Switch the hand-written row hydration on or off (tests run both ways); off, rows are
    built by Tortoise's own _init_from_db. The switch lives in models/fast_paths.py."""
    fast_paths.use(fast_paths.FAST_ROWS, enabled)


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
    if fast_paths.enabled(fast_paths.FAST_ROWS):
        fast_paths.took(fast_paths.FAST_ROWS)
        return hydrator(model)(row)
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
    function's rank): the fast hydrator, or Tortoise's own when the switch is off."""
    if fast_paths.enabled(fast_paths.FAST_ROWS):
        fast_paths.took(fast_paths.FAST_ROWS)
        return hydrator(model)
    columns = frozenset(model._meta.fields_db_projection_reverse)

    def plain(row: Mapping[str, Any]) -> M:
        # keys(), not iteration: a sqlite3.Row iterates its values.
        return model._init_from_db(**{k: row[k] for k in row.keys() if k in columns})  # noqa: SIM118

    return plain


def forget_statements() -> None:
    """Drop the executor's cached INSERT/DELETE statements; the next use of each model builds
    them for its database. Tortoise caches them by connection name ("default") and table, not by
    database kind: a process that opens SQLite and then PostgreSQL under the same name (the test
    suite running `tandem` commands in-process; a tool that migrates one database and serves
    another) would send SQLite's statements to PostgreSQL, or `$1` placeholders to SQLite.
    Called whenever connections are opened; it costs one statement build per model, once."""
    executor.EXECUTOR_CACHE.clear()


def _datetime_converter(field: DatetimeField) -> Callable[[Any], Any]:
    """Tortoise's DatetimeField.to_python_value, with its common case (an aware datetime from
    the driver, time zones on) taken without the generic checks."""
    generic = field.to_python_value
    if not timezone.get_use_tz():
        return generic
    zone = timezone.get_default_timezone()

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is datetime and value.tzinfo is not None:
            return value.astimezone(zone)  # (measured: faster than replace(tzinfo=...))
        return generic(value)

    return convert


def hydrator(model: type[M]) -> Callable[[Mapping[str, Any]], M]:
    """A function building ``model`` instances from a row mapping (column name -> value), as
    ``model._init_from_db(**row)`` does."""
    found = _HYDRATORS.get(model)
    if found is not None:
        return found
    model_meta = model._meta
    native = tuple((key, attr) for key, attr, _ in model_meta.db_native_fields)
    by_type = tuple(
        (key, attr, field.field_type) for key, attr, field in model_meta.db_default_fields
    )
    converted = tuple(
        (
            key,
            attr,
            _datetime_converter(field)
            if isinstance(field, DatetimeField)
            else field.to_python_value,
        )
        for key, attr, field in model_meta.db_complex_fields
    )
    custom_pk = model_meta.db_pk_column not in model_meta.generated_db_fields
    new = model.__new__
    columns = (
        [key for key, _, _ in model_meta.db_native_fields]
        + [k for k, _, _ in by_type]
        + [k for k, _, _ in converted]
    )
    same_names = all(key == attr for key, attr, _ in model_meta.db_native_fields) and all(
        key == attr for key, attr, _ in (*by_type, *converted)
    )
    known = frozenset(columns)
    flags = {"_partial": False, "_saved_in_db": True, "_custom_generated_pk": custom_pk}

    def build(row: Mapping[str, Any]) -> M:
        instance = new(model)
        values = instance.__dict__
        values.update(flags)
        values["_await_when_save"] = {}
        for key, attr in native:
            values[attr] = row[key]
        for key, attr, cast in by_type:
            value = row[key]
            values[attr] = None if value is None else cast(value)
        for key, attr, convert in converted:
            values[attr] = convert(row[key])
        return instance

    def build_whole(row: Mapping[str, Any]) -> M:
        # Columns named as their attributes (every model here): the row copied in one C call,
        # then the few columns that need converting.
        instance = new(model)
        values = instance.__dict__
        values.update(row)
        if values.keys() != known:
            extra = values.keys() - known
            if len(values) - len(extra) != len(known):
                return build(row)  # a column missing: the general way (and its KeyError)
            for key in extra:  # a rank, say
                del values[key]
        for key, attr, cast in by_type:
            value = values[key]
            values[attr] = None if value is None else cast(value)
        for key, attr, convert in converted:
            values[attr] = convert(values[key])
        values.update(flags)
        values["_await_when_save"] = {}
        return instance

    chosen = build_whole if same_names else build
    _HYDRATORS[model] = chosen
    return chosen


def _plain(query: QuerySet[Any]) -> bool:
    return not (
        query._annotations
        or query._select_related
        or query._prefetch_map
        or query._prefetch_queries
        or query._fields_for_select
        or query._single
        or query._select_for_update
    )


async def fetch(query: QuerySet[M]) -> list[M]:
    """The rows of ``query`` as model instances; fast for plain querysets."""
    if not _plain(query):
        return list(await query)
    sql, params, db = parameterized(query)
    _, rows = await db.execute_query(sql, params)
    model = query.model
    return [from_row(model, row) for row in rows]


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
