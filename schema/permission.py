"""The permission field extension, applied to every field of every record type by record_type().

A field the caller may not read resolves to null with a FORBIDDEN error at its path; that is
why every guarded field is nullable. Reverse relations (a contact's deals) are lists built by the
shared list builder, which applies the target object's read permission and row scope itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case
from tortoise.models import Model

from auth.catalogue import CATALOGUE
from models.errors import Forbidden
from schema.types.node import to_global_id

T = TypeVar("T", bound=type)


class FieldGuard(FieldExtension):
    """Asks the caller's gate whether ``obj.field`` is readable before resolving it."""

    def __init__(self, obj: str, field: str) -> None:
        self.obj = obj
        self.field = field
        self.message = f"Your role may not read {obj}.{field}"

    def allowed(self, source: Any, info: Info) -> bool:
        return self.field in info.context.gate.grant(self.obj).readable

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        if not self.allowed(source, info):
            raise Forbidden(self.message, field=self.field)
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        if not self.allowed(source, info):
            raise Forbidden(self.message, field=self.field)
        return await next_(source, info, **kwargs)


class SelfOrGuard(FieldGuard):
    """For User: everyone reads their own profile whole; others' fields as the role grants."""

    def allowed(self, source: Any, info: Info) -> bool:
        gate = info.context.gate
        return source.pk == gate.principal.user_id or self.field in gate.grant(self.obj).readable


def record_type(
    obj: str,
    model: type[Model],
    *,
    relations: Iterable[str] = (),
    type_name: str | None = None,
    guard: type[FieldGuard] = FieldGuard,
    description: str | None = None,
) -> Callable[[T], T]:
    """``@strawberry.type`` for a record whose source object is the Tortoise row itself.

    Every field gets the guard, except the object's system fields (id, version, timestamps:
    readable with the record) and the listed ``relations``: reverse relations built by the list
    builder, or, for a part of a record (a pipeline's stage), fields read with the whole. A
    field the catalogue does not know is refused at import time, so schema and permissions
    cannot drift apart.
    """
    spec = CATALOGUE[obj]
    relation_names = set(relations)

    def wrap(cls: T) -> T:
        def is_type_of(_cls: type, source: Any, _info: Any) -> bool:
            return isinstance(source, model)

        api_name = type_name or spec.type_name

        def global_id(root: strawberry.Parent[Any]) -> strawberry.ID:
            return to_global_id(api_name, root.pk)

        cls.is_type_of = classmethod(is_type_of)  # type: ignore[attr-defined]
        cls.id = strawberry.field(resolver=global_id)  # type: ignore[attr-defined]
        typed = strawberry.type(cls, name=api_name, description=description)
        for field in typed.__strawberry_definition__.fields:  # type: ignore[attr-defined]
            field_name = field.graphql_name or to_camel_case(field.python_name)
            if field_name in spec.system or field_name in relation_names:
                continue
            if spec.field(field_name) is None:
                raise AssertionError(f"{api_name}.{field_name} is missing from the catalogue")
            field.extensions.append(guard(obj, field_name))
        typed.__tandem_object__ = obj  # type: ignore[attr-defined]
        typed.__tandem_relations__ = frozenset(relation_names)  # type: ignore[attr-defined]
        return typed

    return wrap
