"""Refetching any record by its global id: node(id:) and nodes(ids:)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import strawberry
from strawberry.types import Info
from tortoise.models import Model

from models.errors import BadInput, NotFound
from models.global_ids import parse_global_id
from models.i18n import msg
from resolvers import records
from resolvers.compiled import node_read
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext

MAX_NODES = 500


async def node(info: Info[RequestContext, None], id: strawberry.ID) -> Model | Compiled | None:
    """The record, or NOT_FOUND when it does not exist or the caller may not see it; read by
    one compiled statement when the compiler covers the selection (resolvers/compiled/)."""
    info.context.require_principal()
    parsed = parse_global_id(id)
    kind = records.kind_of(parsed[0]) if parsed else None
    if parsed is None or kind is None:
        raise NotFound("No such record")
    compiled = await node_read.read(info, kind, parsed[1])
    if compiled is not None:
        return compiled
    return await records.load(info, kind.obj, kind.model, parsed[1])


async def nodes(info: Info[RequestContext, None], ids: list[strawberry.ID]) -> list[Model | None]:
    """One entry per id, in order; each missing or hidden one is null with its own error."""
    info.context.require_principal()
    if len(ids) > MAX_NODES:
        raise BadInput(msg("At most {max_nodes} ids at once", max_nodes=MAX_NODES), field="ids")
    found: list[Awaitable[Any] | None] = records.load_many(info, [_parsed(i) for i in ids])
    return found  # type: ignore[return-value]


def _parsed(global_id: str) -> tuple[str, int] | None:
    # An id whose key is out of range is missing at its own index, not an error for the list.
    try:
        return parse_global_id(global_id)
    except NotFound:
        return None
