"""Contract test of models/tortoise_adapter.py on a live database: every private Tortoise name it
reads still exists and means what it did, and its rows by key (``fetch_by_ids``, hand-written
SQL) are Tortoise's own rows for every model."""

from __future__ import annotations

from typing import Any

import pytest
from tortoise import Tortoise
from tortoise.models import Model

from models.company import Company
from models.tortoise_adapter import (
    connection_of,
    fetch_by_ids,
    is_saved,
    meta,
    parameterized,
    row_builder,
)
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

# What the application reads of a model's metadata (through meta()), by attribute.
META_ATTRIBUTES = (
    "fields_map",
    "fk_fields",
    "db",
    "db_table",
    "db_pk_column",
    "db_fields",
    "pk_attr",
    "fields_db_projection",
    "fields_db_projection_reverse",
)


def _models() -> list[type[Model]]:
    return [m for app in Tortoise.apps.values() for m in app.values()]


async def test_every_model_has_the_metadata_the_adapter_reads(app: Any) -> None:
    assert _models(), "no models registered"
    for model in _models():
        info = meta(model)
        missing = [name for name in META_ATTRIBUTES if not hasattr(info, name)]
        assert missing == [], f"{model.__name__}: {missing}"
        assert info.db_table and info.pk_attr in info.fields_map


async def test_is_saved_tells_a_loaded_row_from_a_new_one(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    company = await crm.company(owner.user)
    assert is_saved(company) and is_saved(await Company.get(pk=company.pk))
    assert not is_saved(Company(name="Unsaved"))


async def _snapshot(rows: list[Any]) -> list[dict[str, Any]]:
    return sorted(
        ({k: v for k, v in vars(r).items() if not k.startswith("_")} for r in rows),
        key=lambda d: d["id"],
    )


async def test_rows_by_key_and_built_rows_equal_tortoises_own_for_every_model(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    company = await crm.company(owner.user)
    await crm.deal(owner.user, company=company)
    for model in _models():
        if not await model.all().exists():
            continue
        ids = list(await model.all().values_list(meta(model).pk_attr, flat=True))
        tortoise = await _snapshot(list(await model.all()))
        assert await _snapshot(await fetch_by_ids(model, ids)) == tortoise, model.__name__
        sql, params, db = parameterized(model.all())
        _, rows = await db.execute_query(sql, params)
        built = [row_builder(model)(row) for row in rows]
        assert await _snapshot(built) == tortoise, model.__name__


async def test_a_querysets_sql_and_parameters_run_to_the_same_rows(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    for name in ("Acme", "Globex", "Initech"):
        await crm.company(owner.user, name=name)
    query = Company.filter(name__in=["Acme", "Initech"]).order_by("name")
    sql, params, db = parameterized(query)
    _, rows = await db.execute_query(sql, params)
    assert [r["name"] for r in rows] == [c.name for c in await query] == ["Acme", "Initech"]
    assert connection_of(Company.filter(name="Acme")) is db


class _RolledBack(Exception):
    pass


async def test_copy_records_writes_in_the_transactions_connection(
    app: Any, database_url: str
) -> None:
    """``copy_records``: the connection a Tortoise transaction hands out is the transaction's
    own asyncpg connection (rows copied are seen inside it, and gone when it rolls back); on
    SQLite the bulk writers never take this path."""
    from tortoise.transactions import in_transaction

    from models import bulk_rows
    from models.department import Department
    from models.tortoise_adapter import copy_records

    if not database_url.startswith("postgres"):
        async with in_transaction() as db:
            assert not bulk_rows.copies(db) and not bulk_rows.is_postgres(db)
        return
    seen_inside: list[str] = []
    with pytest.raises(_RolledBack):
        async with in_transaction() as db:
            assert bulk_rows.copies(db)
            (pk,) = await bulk_rows.next_ids(db, Department, 1)
            row = Department(name="Copied")
            row.pk = pk
            await copy_records(
                db, "department", bulk_rows.columns(Department), [bulk_rows.record(row)]
            )
            seen_inside = [d.name for d in await Department.filter(id=pk).using_db(db)]
            raise _RolledBack
    assert seen_inside == ["Copied"]
    assert await Department.filter(name="Copied").count() == 0
    async with in_transaction() as db:
        (pk,) = await bulk_rows.next_ids(db, Department, 1)
        row = Department(name="Kept")
        row.pk = pk
        await copy_records(db, "department", bulk_rows.columns(Department), [bulk_rows.record(row)])
    kept = await Department.get(name="Kept")
    assert kept.pk == pk and kept.created_at is not None
