"""The entry a root list of records calls (``pipelines``): its objects, with their lists and
nested first pages (the board), as one compiled statement when the switch is on and the
selection is covered; None otherwise, and the plain path answers.

The root's own check (read permission) has happened before; the rows are the caller's rows of
the model (``access.rows``: read permission, row scope), in ``order``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from graphql import GraphQLObjectType, get_named_type
from strawberry.types import Info
from tortoise.models import Model

from models import fast_paths
from models.access.records import RecordAccess
from models.tortoise_adapter import connection_of
from resolvers.compiled import plan as plans
from resolvers.compiled import response, sql
from resolvers.compiled.dialect import Dialect
from resolvers.compiled.items import Scoped
from resolvers.compiled.response import Compiled
from resolvers.compiled.selection import Document, Unsupported
from resolvers.context import RequestContext
from resolvers.strawberry_adapter import raw_info


async def rows(
    info: Info[RequestContext, None],
    access: RecordAccess,
    model: type[Model],
    order: Sequence[str],
) -> Compiled | None:
    if not fast_paths.enabled(fast_paths.COMPILED_READS):
        return None
    raw = raw_info(info)
    type_ = get_named_type(raw.return_type)
    if not isinstance(type_, GraphQLObjectType):
        return None
    doc = Document(raw.schema, raw.fragments, raw.variable_values)
    sets = [node.selection_set for node in raw.field_nodes if node.selection_set is not None]
    try:
        node = plans.node(doc, type_, sets, access, info.context)
    except Unsupported:
        return None
    for column in order:
        node.read(column)
    db = connection_of(model.all())
    dialect = Dialect(db.capabilities.dialect == "postgres")
    rows = Scoped(access, model)
    text, params = sql.listing(node, rows, [(column, False) for column in order], dialect)
    _, found = await db.execute_query(text, params)
    value: Any = found[0][0]
    fast_paths.took(fast_paths.COMPILED_READS)
    return response.listing(node, orjson.loads(value) if value is not None else None)
