"""The delegated fields of a compiled read, resolved by graphql-core on their records' rows.

A compiled read (resolvers/compiled/) answers what its statement covers and leaves a hole for
each nullable field it does not (a computed field, custom fields, a polymorphic relation, a
field with arguments: resolvers/compiled/items.py ``Delegated``). Once the statement's data is
built, the rows of the records with holes are loaded by key through the request's DataLoaders
(one query per model; the statement has already decided that the caller sees them), and each
hole is resolved by graphql-core's own ``execute_field`` as the plain path would resolve that
field of that row: its resolver, its guard, its errors at its path. The field details come from
graphql-core's ``collect_subfields`` along the hole's response keys, so @skip/@include, aliases
and fragments are graphql-core's own.
"""

from __future__ import annotations

import asyncio
from typing import Any

from graphql import GraphQLObjectType, get_named_type
from graphql.pyutils import Path

from resolvers.compiled.response import Compiled, Hole


async def fill(
    executor: Any,
    result: Compiled,
    root_type: GraphQLObjectType,
    root_details: Any,
    path: Path,
    position_context: Any,
) -> Any:
    """``result.data`` with every hole resolved (the executor's collected errors get theirs)."""
    rows = await _rows(executor.context_value, result.holes)
    fields: dict[tuple[str, ...], tuple[GraphQLObjectType, Any]] = {}
    pending: list[tuple[Hole, Any]] = []
    for hole in result.holes:
        row = rows[hole.model].get(hole.pk)
        if row is None:
            continue  # gone since the statement read it: the field stays null
        keys = tuple(key for key in hole.path if isinstance(key, str))
        found = fields.get(keys)
        if found is None:
            found = fields[keys] = _field_at(executor, root_type, root_details, keys)
        parent_type, details = found
        at = path
        for key in hole.path:
            at = at.add_key(key)
        value = executor.execute_field(parent_type, row, details, at, position_context)
        if executor.is_awaitable(value):
            pending.append((hole, value))
        else:
            hole.holder[hole.key] = value
    if pending:
        values = await asyncio.gather(*(value for _, value in pending))
        for (hole, _), value in zip(pending, values, strict=True):
            hole.holder[hole.key] = value
    return result.data


async def _rows(context: Any, holes: list[Hole]) -> dict[Any, dict[Any, Any]]:
    keys: dict[Any, set[Any]] = {}
    for hole in holes:
        keys.setdefault(hole.model, set()).add(hole.pk)
    out: dict[Any, dict[Any, Any]] = {}
    for model, pks in keys.items():
        ordered = sorted(pks)
        found = await context.loaders.of(model).load_many(ordered)
        out[model] = dict(zip(ordered, found, strict=True))
    return out


def _field_at(
    executor: Any, root_type: GraphQLObjectType, root_details: Any, keys: tuple[str, ...]
) -> tuple[GraphQLObjectType, Any]:
    """The parent type and field details of the field at these response keys (list indexes
    left out) below the root field, as graphql-core collects them."""
    type_: Any = root_type
    details = root_details
    parent = type_
    for key in keys:
        parent = type_
        details = executor.collect_subfields(parent, details).grouped_field_set[key]
        field = parent.fields[details[0].node.name.value]
        type_ = get_named_type(field.type)
    return parent, details
