"""The statement's JSON as the root field's data and errors, exactly as the plain path answers.

Cursors are encoded from the row's sort values as the list builder encodes them from a model
row (``lists.encode_values``), so a cursor from either path pages on in the other. A refused
field is null with its guard's FORBIDDEN error; a relation set to a record the caller may not
see is null with NOT_FOUND (resolvers/records.py), each at its path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import FieldNode
from tortoise.models import Model

from models.errors import Forbidden, NotFound
from models.i18n import msg
from resolvers.compiled.items import (
    ConnectionPlan,
    Constant,
    Delegated,
    Leaf,
    Many,
    MoneyLeaf,
    NodePlan,
    Refused,
    Relation,
)
from resolvers.compiled.values import python_value, same
from resolvers.lists import Prepared, encode_values
from resolvers.pages import PageInfo

Path = list[str | int]
# A place in the response built as it is walked, (parent, key), made a Path only for an error
# or a hole: a page of 100 rows would otherwise copy a growing list per edge, node and relation.
At = tuple["At", str | int] | None


def _path(at: At) -> Path:
    steps: Path = []
    while at is not None:
        at, key = at
        steps.append(key)
    steps.reverse()
    return steps


@dataclass(frozen=True, slots=True)
class Hole:
    """A delegated field of one record in the data: ``holder[key]`` is to be filled by
    graphql-core resolving field ``key`` on the row ``model`` ``pk``, at ``path`` below the
    root field (whose response keys also give the field's parent type: compiled_holes.py)."""

    holder: dict[str, Any]
    key: str
    path: Path
    model: type[Model]
    pk: Any


@dataclass(slots=True)
class Compiled:
    """A root field answered by a compiled read: its completed value (response keys, as
    graphql-core would complete it), its errors, each with its path below the field and its
    field node, and the holes of delegated fields. The executor (schema/compiled_execution.py)
    places the errors and fills the holes."""

    data: Any
    errors: list[tuple[Exception, Path, FieldNode]] = field(default_factory=list)
    holes: list[Hole] = field(default_factory=list)
    # The record's type when the field's type is abstract (node(id:): Node).
    type_name: str | None = None


def page(plan: ConnectionPlan, prepared: Prepared, found: dict[str, Any] | None) -> Compiled:
    found = found or {}
    rows: list[dict[str, Any]] = found.get("rows") or []
    rows.sort(key=lambda row: row["#"])
    size = prepared.size
    more = len(rows) > size
    rows = rows[:size]
    if prepared.backward:
        rows.reverse()
    model = prepared.spec.model
    cursors = _cursors(model, prepared.names, [column for _, column, _ in prepared.plan], rows)
    out = Compiled({})
    out.data = _parts(plan, rows, cursors, prepared.page_info(cursors, more), found, None, out)
    return out


def _cursors(
    model: type[Model], names: list[str], columns: list[str], rows: list[dict[str, Any]]
) -> list[str]:
    """Each row's cursor from its sort values, as ``lists.encode_values`` encodes a model
    row's (the JSON value back as the row's Python value where they differ)."""
    converts = [(column, python_value(model, column)) for column in columns]
    if all(to_python is same for _, to_python in converts):
        return [encode_values(names, [row[column] for column in columns]) for row in rows]
    return [
        encode_values(names, [to_python(row[column]) for column, to_python in converts])
        for row in rows
    ]


def _parts(
    plan: ConnectionPlan,
    rows: list[dict[str, Any]],
    cursors: list[str],
    info: PageInfo,
    found: dict[str, Any],
    path: At,
    out: Compiled,
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, part, sub in plan.parts:
        if part == "typename":
            data[key] = sub[0][1]
        elif part == "totalCount":
            data[key] = found["total"]
        elif part == "pageInfo":
            data[key] = _page_info(info, sub)
        else:
            data[key] = [
                _edge(plan, sub, row, cursor, ((path, key), i), out)
                for i, (row, cursor) in enumerate(zip(rows, cursors, strict=True))
            ]
    return data


def listing(plan: NodePlan, found: dict[str, Any] | None) -> Compiled:
    """A root list's objects (``pipelines``), in their order."""
    rows: list[dict[str, Any]] = (found or {}).get("rows") or []
    rows.sort(key=lambda row: row["#"])
    out = Compiled([])
    out.data = [_node(plan, row, (None, i), out) for i, row in enumerate(rows)]
    return out


def _many(item: Many, found: Any, path: At, out: Compiled) -> Any:
    """A to-many relation: the list, or the first page as ``lists.first_pages`` gives it."""
    page = item.page
    rows: list[dict[str, Any]] = (found if page is None else (found or {}).get("rows")) or []
    rows.sort(key=lambda row: row["#"])
    if item.single:  # the first row, or null
        return _node(item.node, rows[0], path, out) if rows else None
    if page is None:
        return [_node(item.node, row, (path, i), out) for i, row in enumerate(rows)]
    more = len(rows) > page.size
    rows = rows[: page.size]
    names = [name for name, _, _ in page.plan]
    cursors = _cursors(item.node.model, names, [column for _, column, _ in page.plan], rows)
    info = PageInfo(
        has_next_page=more,
        has_previous_page=False,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )
    return _parts(page.connection, rows, cursors, info, found or {}, path, out)


_INFO = {
    "hasNextPage": "has_next_page",
    "hasPreviousPage": "has_previous_page",
    "startCursor": "start_cursor",
    "endCursor": "end_cursor",
}


def _page_info(info: PageInfo, sub: list[tuple[str, str]]) -> dict[str, Any]:
    return {key: "PageInfo" if name == "#" else getattr(info, _INFO[name]) for key, name in sub}


def _edge(
    plan: ConnectionPlan,
    sub: list[tuple[str, str]],
    row: dict[str, Any],
    cursor: str,
    path: At,
    out: Compiled,
) -> dict[str, Any]:
    edge: dict[str, Any] = {}
    for key, name in sub:
        if name == "cursor":
            edge[key] = cursor
        elif name == "#":
            edge[key] = plan.edge_type_name
        else:
            edge[key] = _node(plan.node, row, (path, key), out)
    return edge


def _node(plan: NodePlan, row: dict[str, Any], path: At, out: Compiled) -> dict[str, Any]:
    node: dict[str, Any] = {}
    for item in plan.items:
        if isinstance(item, Leaf):
            value = row[item.column]
            node[item.key] = value if item.convert is None or value is None else item.convert(value)
        elif isinstance(item, Constant):
            node[item.key] = item.value
        elif isinstance(item, MoneyLeaf):
            node[item.key] = {
                key: "Money"
                if name == "#"
                else item.amount(row[item.column])
                if name == "amount"
                else row[item.currency]
                for key, name in item.sub
            }
        elif isinstance(item, Refused):
            node[item.key] = None
            error = Forbidden(item.message, field=item.field)
            out.errors.append((error, _path((path, item.key)), item.node))
        elif isinstance(item, Many):
            node[item.key] = _many(item, row.get(f"@{item.key}"), (path, item.key), out)
        elif isinstance(item, Delegated):
            node[item.key] = None  # the key's place in the response order; filled later
            key = row[plan.pk]
            out.holes.append(Hole(node, item.key, _path((path, item.key)), plan.model, key))
        else:
            node[item.key] = _related(item, row, (path, item.key), out)
    return node


def _related(item: Relation, row: dict[str, Any], path: At, out: Compiled) -> Any:
    if row[item.column] is None:
        return None
    target = row.get(f"@{item.key}") if item.target is not None else None
    if target is None or item.target is None:
        out.errors.append((NotFound(msg("No such {obj}", obj=item.obj)), _path(path), item.node))
        return None
    return _node(item.target, target, path, out)
