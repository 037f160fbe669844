"""Look-ahead loading of a page's to-one relations, so that they resolve without awaiting.

A page of 250 deals selecting company, contact and owner used to resolve 750 async fields:
each a coroutine, a DataLoader future and graphql-core's awaitable bookkeeping, which cost
more than the three batched queries themselves. When a list resolver knows its rows, it
reads which relations the query selects under ``edges { node { ... } }`` (fragments
included), loads each through the request's DataLoader (one query per related model, as
before), and the relation fields then find their row already loaded and answer synchronously
(resolvers/records.py ``related_now``).

Only relations the caller may read are loaded: a hidden field's rows are never fetched.
Rows are still checked (scope, soft delete) when a field hands them out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode
from graphql.language import SelectionSetNode
from strawberry.types import Info

from models.records.declaration import snake
from models.tortoise_adapter import meta
from resolvers.context import RequestContext
from resolvers.pages import Page
from resolvers.strawberry_adapter import raw_info

Ctx = Info[RequestContext, None]


def _fields(raw: GraphQLResolveInfo, selection_set: SelectionSetNode | None) -> Iterable[FieldNode]:
    """The fields of a selection set, fragments flattened (their type conditions ignored:
    rows of another type simply have no such relation)."""
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(raw, selection.selection_set)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = raw.fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(raw, fragment.selection_set)


def node_fields(info: Ctx) -> set[str]:
    """Names of the fields selected under this connection field's ``edges { node }``."""
    raw = raw_info(info)
    names: set[str] = set()
    for field in raw.field_nodes:
        for edges in _fields(raw, field.selection_set):
            if edges.name.value != "edges":
                continue
            for node in _fields(raw, edges.selection_set):
                if node.name.value == "node":
                    names.update(f.name.value for f in _fields(raw, node.selection_set))
    return names


async def related_of(info: Ctx, obj: str, rows: Sequence[Any]) -> None:
    """Load the to-one relations of ``rows`` (records of permission object ``obj``) that the
    query selects and the caller may read."""
    if not rows:
        return
    model_meta = meta(type(rows[0]))
    readable = info.context.access(obj).grant.readable
    loaders = info.context.loaders
    for name in sorted(node_fields(info)):
        column = snake(name)
        if column not in model_meta.fk_fields or name not in readable:
            continue
        model = model_meta.fields_map[column].related_model
        await loaders.load_ahead(model, {getattr(row, f"{column}_id") for row in rows} - {None})


async def page_with_related(info: Ctx, obj: str, page: Page[Any]) -> Page[Any]:
    await related_of(info, obj, [edge.node for edge in page.edges])
    return page
