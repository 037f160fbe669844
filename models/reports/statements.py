"""Raw report statements that embed several scoped querysets (each a Tortoise query with its
own parameters) and a few parameters of their own.

On SQLite parameters are positional ``?``: they are passed in the order they appear. On
PostgreSQL each embedded query numbers its parameters from ``$1``: the later ones are shifted
after the earlier ones, and the statement's own parameters come last (``own_marker``).
"""

from __future__ import annotations

import re
from typing import Any

from tortoise.queryset import QuerySet

from models.tortoise_adapter import parameterized

Embedded = tuple[str, list[Any]]


def embed(query: QuerySet[Any], shift: int, dialect: str) -> Embedded:
    """The query's SQL with its PostgreSQL parameters shifted by ``shift``, and its params."""
    sql, params, _ = parameterized(query)
    if dialect == "postgres" and shift:
        sql = re.sub(r"\$(\d+)", lambda m: f"${int(m.group(1)) + shift}", sql)
    return sql, params


def embed_all(queries: list[QuerySet[Any]], dialect: str) -> tuple[list[str], list[Any]]:
    """Each query's SQL, numbered one after the other, and all their parameters in order."""
    sqls: list[str] = []
    params: list[Any] = []
    for query in queries:
        sql, own = embed(query, len(params), dialect)
        sqls.append(sql)
        params.extend(own)
    return sqls, params


def own_marker(dialect: str, params: list[Any], value: Any) -> str:
    """Appends one of the statement's own parameters (used after every embedded query) and
    returns its marker."""
    params.append(value)
    return f"${len(params)}" if dialect == "postgres" else "?"
