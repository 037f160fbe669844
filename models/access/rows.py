"""The rows of an object a principal may read, as a query: read permission, scope, not deleted.

Every path that hands out many rows starts here, through ``RecordAccess.rows``
(models/access/records.py: GraphQL lists, exports, related names in an export), so that a new
rule about which rows are visible is written once. No GraphQL here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.access.gate import Gate
from models.tortoise_adapter import connection_of, meta, parameterized

# Statements kept by ``readable_statement``; emptied when full (a bound, not a policy: the keys
# are callers x objects x column sets, a few hundred in a busy process).
MAX_STATEMENTS = 4096
_statements: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}


def readable_rows(
    gate: Gate, obj: str, model: type[Model], where: Q | None = None
) -> QuerySet[Any]:
    """FORBIDDEN without the read operation; otherwise the caller's rows of ``model``."""
    gate.require("read", obj)
    query = model.all()
    scope = gate.scope(obj, "read")
    if scope is not None:
        query = query.filter(scope)
    if "deleted_at" in meta(model).fields_map:
        query = query.filter(deleted_at__isnull=True)
    if where is not None:
        query = query.filter(where)
    return query


def readable_statement(
    gate: Gate, obj: str, model: type[Model], columns: Sequence[str]
) -> tuple[str, list[Any]]:
    """``readable_rows(...).only(*columns)`` as SQL and parameters, kept by what they depend
    on: the model, its connection's dialect, the caller's scope key (``Gate.scope_key``, from
    which the scope's filter is built) and the columns. Building a queryset's SQL is most of
    a compiled read's Python (benchmarks/README.md): a relation's rows in scope are the same
    statement for every request of the caller."""
    gate.require("read", obj)
    dialect = connection_of(model.all()).capabilities.dialect
    key = (model, dialect, obj, gate.scope_key(obj, "read"), tuple(columns))
    found = _statements.get(key)
    if found is None:
        sql, params, _db = parameterized(readable_rows(gate, obj, model).only(*columns))
        if len(_statements) >= MAX_STATEMENTS:
            _statements.clear()
        found = _statements[key] = (sql, tuple(params))
    return found[0], list(found[1])
