"""Handing out single records: by global id, through a relation, for a write. Scope first.

A record the caller may not read (no read permission, outside the row scope, or soft-deleted)
is NOT_FOUND on every path, so that its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from strawberry.types import Info
from strawberry.types.unset import UNSET
from tortoise.models import Model

from models.access.records import RecordAccess
from models.errors import NotFound
from models.i18n import msg
from resolvers.context import RequestContext


@dataclass(frozen=True, slots=True)
class Kind:
    """A Node type: the API type name, the permission object, the model."""

    type_name: str
    obj: str
    model: type[Model]


_KINDS: dict[str, Kind] = {}


def register(type_name: str, obj: str, model: type[Model]) -> Kind:
    kind = _KINDS[type_name] = Kind(type_name, obj, model)
    return kind


def kind_of(type_name: str) -> Kind | None:
    return _KINDS.get(type_name)


async def load(info: Info[RequestContext, None], obj: str, model: type[Model], pk: int) -> Any:
    """The row, if the caller may read it; NOT_FOUND otherwise. Batched per request."""
    ctx = info.context
    row = await ctx.loaders.of(model).load(pk)
    if not ctx.access(obj).visible(row) or not await _discussed_visible(info, obj, row):
        raise NotFound(msg("No such {obj}", obj=obj))
    return row


async def _discussed_visible(info: Info[RequestContext, None], obj: str, row: Any) -> bool:
    """A comment is seen only with the record it discusses."""
    if obj != "comment":
        return True
    kind = next((k for k in _KINDS.values() if k.obj == row.target_type), None)
    if kind is None:
        return False
    target = await info.context.loaders.of(kind.model).load(row.target_id)
    return info.context.access(kind.obj).visible(target)


def related_now(
    info: Info[RequestContext, None], obj: str, model: type[Model], pk: int | None
) -> Any:
    """``related`` for a plain (sync) resolver: the row itself when the request has already
    loaded it (another path of the response asked for it), which spares graphql-core an
    awaitable; otherwise the same awaitable as ``related``."""
    if pk is None:
        return None
    if obj == "comment":  # seen only with the record it discusses: the async check
        return load(info, obj, model, pk)
    ctx = info.context
    loaded = ctx.loaders.of(model).cache_map.get(pk)
    if loaded is None or not loaded.done() or loaded.cancelled() or loaded.exception():
        return load(info, obj, model, pk)
    row = loaded.result()
    if not ctx.access(obj).visible(row):
        raise NotFound(msg("No such {obj}", obj=obj))
    return row


# Set on a ``related_now`` resolver: (permission object, model, column), so that reads compiled
# to SQL (resolvers/compiled/) know the relation it answers.
RELATION_ATTRIBUTE = "__tandem_relation__"
F = TypeVar("F", bound=Callable[..., Any])


def plain_relation(obj: str, model: type[Model], column: str) -> Callable[[F], F]:
    """Declares the relation a ``related_now`` resolver answers (a compiled read follows it in
    its statement)."""

    def mark(resolver: F) -> F:
        setattr(resolver, RELATION_ATTRIBUTE, (obj, model, column))
        return resolver

    return mark


async def related(
    info: Info[RequestContext, None], obj: str, model: type[Model], pk: int | None
) -> Any:
    """A to-one relation: null when unset, NOT_FOUND when the caller may not see the target."""
    if pk is None:
        return None
    return await load(info, obj, model, pk)


def load_many(
    info: Info[RequestContext, None], items: Iterable[tuple[str, int] | None]
) -> list[Awaitable[Any] | None]:
    """One awaitable per item, so each missing record gets its own error at its own index."""
    out: list[Awaitable[Any] | None] = []
    for item in items:
        if item is None:
            out.append(_not_found())
            continue
        kind = _KINDS.get(item[0])
        out.append(load(info, kind.obj, kind.model, item[1]) if kind else _not_found())
    return out


async def _not_found() -> Any:
    raise NotFound("No such record")


async def for_write(access: RecordAccess, model: type[Model], pk: int, op: str = "update") -> Any:
    """The row locked for update, after the read/write scope checks; inside a transaction."""
    row = await model.select_for_update().get_or_none(pk=pk)
    if row is None or getattr(row, "deleted_at", None) is not None:
        raise NotFound(msg("No such {obj}", obj=access.obj))
    access.require_writable_record(row, op)
    return row


def changes(input: Any, columns: Mapping[str, str]) -> dict[str, Any]:
    """The fields an input sets, keyed by catalogue field name: unset ones are left out.

    ``columns`` maps each settable catalogue field to the input attribute holding it.
    """
    out = {}
    for field, attr in columns.items():
        value = getattr(input, attr, UNSET)
        if value is not UNSET:
            out[field] = value
    return out
