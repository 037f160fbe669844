"""The first rows of many groups in one SQL statement (a board: the first deals of every stage).

A connection per stage would cost one query per stage; this takes the caller's already scoped
and filtered queryset and keeps the first ``limit`` rows of each group with ROW_NUMBER(), so a
board costs one statement whatever the number of stages or deals. SQLite (>= 3.25) and
PostgreSQL both have window functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.fast_rows import hydrator

RANK = "_tandem_rank"


def _column(model: type[Model], name: str) -> str:
    field = model._meta.fields_map[name]
    return f'"{field.source_field or name}"'


async def first_per_group(
    query: QuerySet[Any],
    group: str,
    order: Sequence[tuple[str, bool]],
    limit: int,
) -> dict[Any, list[Any]]:
    """Group value -> its first ``limit`` rows in ``order`` ((column, descending) pairs)."""
    model = query.model
    query._choose_db_if_not_chosen()
    query._make_query()
    inner, params = query.query.get_parameterized_sql()
    ordering = ", ".join(f"{_column(model, c)} {'DESC' if d else 'ASC'}" for c, d in order)
    # The window runs over the scoped rows only, so ranks never count a hidden row.
    sql = (
        f'SELECT * FROM (SELECT "g".*, ROW_NUMBER() OVER (PARTITION BY {_column(model, group)}'
        f' ORDER BY {ordering}) AS "{RANK}" FROM ({inner}) AS "g") AS "ranked"'
        f' WHERE "{RANK}" <= {int(limit)} ORDER BY {_column(model, group)}, "{RANK}"'
    )
    _, rows = await query._db.execute_query(sql, list(params))
    out: dict[Any, list[Any]] = {}
    build = hydrator(model)  # reads the model's columns by name; the rank is left out
    for raw in rows:
        row = build(raw)
        out.setdefault(getattr(row, group), []).append(row)
    return out
