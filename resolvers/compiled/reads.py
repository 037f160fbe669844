"""The entry the list root fields call: a compiled read when the selection is covered and the
switch is on (models/fast_paths.py ``compiled_reads``), the list builder's page otherwise.

Per root field: the checks of the list builder run first either way (FORBIDDEN and
BAD_USER_INPUT before any SQL), then either one statement answers the field (its nullable fields
the statement does not cover resolved afterwards by graphql-core on their rows,
schema/compiled_holes.py) or the plain path answers all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from graphql import GraphQLObjectType, get_nullable_type
from strawberry.types import Info
from tortoise.expressions import Q

from models import fast_paths
from models.tortoise_adapter import connection_of
from resolvers import lists
from resolvers.compiled import plan as plans
from resolvers.compiled import response, sql
from resolvers.compiled.dialect import Dialect
from resolvers.compiled.response import Compiled
from resolvers.compiled.selection import Document, Unsupported
from resolvers.context import RequestContext
from resolvers.pages import Page
from resolvers.strawberry_adapter import raw_info


async def page(
    info: Info[RequestContext, None],
    spec: lists.ListSpec,
    args: lists.PageArgs,
    *,
    filter: Any = None,
    order_by: Sequence[Any] | None = None,
    where: Q | None = None,
) -> Page[Any] | Compiled:
    """The root field's page: compiled, or the list builder's."""
    access = info.context.access(spec.obj)
    plan = connection_plan(info, access) if fast_paths.enabled(fast_paths.COMPILED_READS) else None
    prepared = await lists.prepare(
        spec, access, args, filter=filter, order_by=order_by, where=where
    )
    if plan is None or prepared.custom:
        return await lists.run(prepared)
    for _, column, _ in prepared.plan:
        plan.node.read(column)  # the cursor's values (sorted by: readable, checked above)
    db = connection_of(prepared.query)
    text, params = sql.statement(plan, prepared, Dialect(db.capabilities.dialect == "postgres"))
    _, rows = await db.execute_query(text, params)
    found = rows[0][0]
    fast_paths.took(fast_paths.COMPILED_READS)
    return response.page(plan, prepared, orjson.loads(found) if found is not None else None)


def connection_plan(info: Info[RequestContext, None], access: Any) -> plans.ConnectionPlan | None:
    """The field's plan, or None when the compiler does not cover its selection."""
    raw = raw_info(info)
    type_ = get_nullable_type(raw.return_type)
    if not isinstance(type_, GraphQLObjectType):
        return None
    doc = Document(raw.schema, raw.fragments, raw.variable_values)
    sets = [node.selection_set for node in raw.field_nodes if node.selection_set is not None]
    try:
        return plans.connection(doc, type_, sets, access, info.context)
    except Unsupported:
        return None
