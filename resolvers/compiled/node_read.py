"""``node(id:)`` compiled to SQL: the record of a global id answered by one statement whose JSON
the database builds, or None and the plain path (resolvers/nodes.py, ``records.load``) answers.

The record is planned with the connections' node plan (``plan._node``: columns, money, refused
fields, to-one relations with their own row scope), built by the same ``sql._Builder.node`` and
read back by the same ``response._node``. A record read is therefore one node plan around a
single row: whatever item a node plan learns (a nested connection, ``deals(first: 50)``) a
record read answers as well, without a change here.

    SELECT json_build_object('id', t."id", ..., '@company', (SELECT json_build_object(...)
             FROM (<company rows in scope>) r1 WHERE r1."id" = t."company_id")) AS node
    FROM (<the caller's readable rows of the model>) t WHERE t."id" = $n

The row comes from ``RecordAccess.rows`` (the caller's read scope, not deleted), the statement
form of ``RecordAccess.visible`` that the plain path checks on the loaded row: no row is the
plain path's NOT_FOUND ("No such {obj}"). A comment is seen only with the record it discusses
(``records._discussed_visible``): its statement also asks, in its WHERE, that the discussed
record be among the caller's rows of that object (one EXISTS per object a comment may discuss,
models/comment.py ``TARGETS``, that the caller may read). What the plain path decides without
reading the row stays with it: a malformed id, an id of no record type, an object the caller
may not read at all (each NOT_FOUND before or without this statement).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from graphql import GraphQLObjectType
from strawberry.types import Info

from models import fast_paths
from models.comment import TARGETS
from models.errors import NotFound
from models.i18n import msg
from models.records import DECLARED
from models.tortoise_adapter import connection_of, meta
from resolvers import records
from resolvers.compiled.dialect import Dialect, quoted
from resolvers.compiled.items import Scoped
from resolvers.compiled.plan import NodePlan, _node
from resolvers.compiled.response import Compiled
from resolvers.compiled.response import _node as _answer
from resolvers.compiled.selection import Document, Unsupported
from resolvers.compiled.sql import _Builder
from resolvers.context import RequestContext
from resolvers.records import Kind
from resolvers.strawberry_adapter import raw_info

COMMENT = "comment"
# A comment's columns naming the record it discusses.
TARGET_TYPE, TARGET_ID = "target_type", "target_id"


@dataclass(frozen=True, slots=True)
class Discussed:
    """An object a comment may discuss and the caller's access to it (the rows' key field)."""

    obj: str
    pk: str
    rows: Scoped


@dataclass(frozen=True, slots=True)
class NodeRead:
    """Record ``key`` of ``model``: the permission object, the node plan and the caller's access
    to it; for a comment, the discussed records the caller may see (``discussed``, else None)."""

    obj: str
    node: NodePlan
    rows: Scoped
    key: int
    discussed: tuple[Discussed, ...] | None = None


async def plan(info: Info[RequestContext, None], kind: Kind, key: int) -> NodeRead | None:
    """The read of record ``key`` of ``kind`` with the field's selection, or None when the
    switch is off or the compiler does not cover it. Async as the list roots' planning is
    (``lists.prepare``): a nested connection's own checks may need the database."""
    if not fast_paths.enabled(fast_paths.COMPILED_READS):
        return None
    access = info.context.access(kind.obj)
    if not access.can("read"):
        return None  # NOT_FOUND whatever the row: the plain path says so without this statement
    raw = raw_info(info)
    type_ = raw.schema.get_type(kind.type_name)
    if not isinstance(type_, GraphQLObjectType):
        return None
    doc = Document(raw.schema, raw.fragments, raw.variable_values)
    # Collected for the record's own type, as graphql-core collects an abstract field's value
    # once its runtime type is known: fragments on other types are left out.
    sets = [node.selection_set for node in raw.field_nodes if node.selection_set is not None]
    try:
        node = _node(doc, type_, sets, access, info.context, 0)
    except Unsupported:
        return None
    rows = Scoped(access, kind.model)
    if kind.obj != COMMENT:
        return NodeRead(kind.obj, node, rows, key)
    return NodeRead(kind.obj, node, rows, key, _discussed(info.context))


def _discussed(context: RequestContext) -> tuple[Discussed, ...]:
    out = []
    for obj in TARGETS:
        kind = records.kind_of(DECLARED[obj].type_name)
        access = context.access(obj)
        if kind is not None and access.can("read"):  # else no comment on it is visible
            pk = meta(kind.model).db_pk_column
            out.append(Discussed(obj, pk, Scoped(access, kind.model)))
    return tuple(out)


def statement(read: NodeRead, dialect: Dialect) -> tuple[str, list[Any]]:
    """One statement returning the record's JSON object, or no row."""
    build = _Builder(dialect)
    # Textual order is parameter order (SQLite): the object's relations, the caller's rows,
    # the row's key, then the discussed records' scopes.
    obj = build.node(read.node, "t")
    fields = meta(read.rows.model).fields_map
    pk = f"t.{quoted(fields[read.node.pk].source_field or read.node.pk)}"
    columns = list(read.node.columns)
    if read.discussed is None:
        rows = build.rows(read.rows, columns)
        key = build.parameter(read.key)
        return f"SELECT {obj} AS node FROM ({rows}) t WHERE {pk} = {key}", build.params
    rows = build.rows(read.rows, [*columns, TARGET_TYPE, TARGET_ID])
    key = build.parameter(read.key)
    target_type = f"t.{quoted(fields[TARGET_TYPE].source_field or TARGET_TYPE)}"
    target_id = f"t.{quoted(fields[TARGET_ID].source_field or TARGET_ID)}"
    # A target the API never writes is left to the plain path (``read``): not decided here.
    known = ", ".join(f"'{obj}'" for obj in TARGETS)
    checks = [f"{target_type} NOT IN ({known})"]
    for discussed in read.discussed:
        alias = build.alias()
        scoped = build.rows(discussed.rows, [discussed.pk])
        checks.append(
            f"({target_type} = '{discussed.obj}' AND EXISTS (SELECT 1 FROM ({scoped}) {alias} "
            f"WHERE {alias}.{quoted(discussed.pk)} = {target_id}))"
        )
    where = " OR ".join(checks)
    text = (
        f"SELECT {obj} AS node, {target_type} AS target FROM ({rows}) t "
        f"WHERE {pk} = {key} AND ({where})"
    )
    return text, build.params


async def read(info: Info[RequestContext, None], kind: Kind, key: int) -> Compiled | None:
    """The field's value answered by one statement; None: the plain path answers."""
    found = await plan(info, kind, key)
    if found is None:
        return None
    db = connection_of(found.rows.model.all())
    text, params = statement(found, Dialect(db.capabilities.dialect == "postgres"))
    _, rows = await db.execute_query(text, params)
    if rows and found.discussed is not None and rows[0][1] not in TARGETS:
        return None
    fast_paths.took(fast_paths.COMPILED_READS)
    if not rows or rows[0][0] is None:
        raise NotFound(msg("No such {obj}", obj=found.obj))
    out = Compiled({}, type_name=found.node.type_name)
    # The node's own dict (not a copy): delegated fields' holes point into it.
    out.data = _answer(found.node, orjson.loads(rows[0][0]), None, out)
    return out
