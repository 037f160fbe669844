"""The per-field read guard of every record type declared with record_type().

A field the caller may not read resolves to null with a FORBIDDEN error at its path; that is
why every guarded field is nullable. The guard is not a Strawberry FieldExtension: an extension
wraps each field's resolution in Strawberry's extension machinery (an async-aware closure chain
per field per row, about a tenth of a 100-row list). record_type() only records which guard
each field has; TandemSchema then wraps those fields' GraphQL resolvers with one plain sync
check (install_guards), which raises the same Forbidden before the field resolves, sync or
async alike. Reverse relations (a contact's deals) are lists built by the
shared list builder, which applies the target object's read permission and row scope itself.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLObjectType, GraphQLSchema
from strawberry.types import Info
from tortoise.models import Model

from models.access.catalogue import CATALOGUE
from models.errors import Forbidden
from models.i18n import msg
from models.records import DECLARED
from models.records.declaration import RecordType, camel
from schema.declared import plain_annotations
from schema.types.node import to_global_id

T = TypeVar("T", bound=type)


class FieldGuard:
    """Asks the caller's access to ``obj`` whether ``field`` is readable before resolving it
    (the gate behind it caches its grant per object for the request, so this is a couple of
    dict look-ups and a set test)."""

    # The answer depends on the caller's role only, never on the row (reads compiled to SQL
    # refuse such a field for the whole page: resolvers/compiled/plan.py).
    decides_per_role = True

    def __init__(self, obj: str, field: str) -> None:
        self.obj = obj
        self.field = field
        self.message = msg("Your role may not read {obj}.{field}", obj=obj, field=field)

    def allowed(self, source: Any, info: Info) -> bool:
        return info.context.access(self.obj).can_read(self.field)

    def allows_every_row(self, context: Any) -> bool:
        """Whether the caller reads this field on every row (then a compiled read selects it
        without a check per row: resolvers/compiled/plan.py)."""
        return context.access(self.obj).can_read(self.field)

    def wrap(self, resolve: Callable[..., Any]) -> Callable[..., Any]:
        """``resolve`` behind this guard; whatever it returns (a value or an awaitable) is
        returned as it is."""
        allowed, message, field = self.allowed, self.message, self.field

        def guarded(source: Any, info: Any, **kwargs: Any) -> Any:
            if not allowed(source, info):
                raise Forbidden(message, field=field)
            return resolve(source, info, **kwargs)

        guarded.__tandem_guard__ = self  # type: ignore[attr-defined]
        return guarded


class SelfOrGuard(FieldGuard):
    """For User: everyone reads their own profile whole; others' fields as the role grants."""

    decides_per_role = False

    def allowed(self, source: Any, info: Info) -> bool:
        access = info.context.access(self.obj)
        return source.pk == access.user_id or access.can_read(self.field)


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

    Every field gets the guard (installed by install_guards when the schema is built), except
    the object's system fields (id, version, timestamps: readable with the record) and the
    listed ``relations``: reverse relations built by the list
    builder, or, for a part of a record (a pipeline's stage), fields read with the whole. A
    field the catalogue does not know is refused at import time, so schema and permissions
    cannot drift apart.
    """
    spec = CATALOGUE[obj]
    relation_names = set(relations)
    record = DECLARED.get(obj)

    def wrap(cls: T) -> T:
        if record is not None and record.model is model:
            _declare_plain_fields(cls, record)

        def is_type_of(_cls: type, source: Any, _info: Any) -> bool:
            return isinstance(source, model)

        api_name = type_name or spec.type_name

        def global_id(root: strawberry.Parent[Any]) -> strawberry.ID:
            return to_global_id(api_name, root.pk)

        cls.is_type_of = classmethod(is_type_of)  # type: ignore[attr-defined]
        cls.id = strawberry.field(resolver=global_id)  # type: ignore[attr-defined]
        typed = strawberry.type(cls, name=api_name, description=description)
        guards: dict[str, FieldGuard] = {}
        for field in typed.__strawberry_definition__.fields:  # type: ignore[attr-defined]
            field_name = field.graphql_name or camel(field.python_name)
            if field_name in spec.system or field_name in relation_names:
                continue
            if spec.field(field_name) is None:
                raise AssertionError(f"{api_name}.{field_name} is missing from the catalogue")
            guards[field_name] = guard(obj, field_name)
        typed.__tandem_guards__ = guards  # type: ignore[attr-defined]
        typed.__tandem_object__ = obj  # type: ignore[attr-defined]
        typed.__tandem_relations__ = frozenset(relation_names)  # type: ignore[attr-defined]
        return typed

    return wrap


def _declare_plain_fields(cls: Any, record: RecordType) -> None:
    """The type's plain fields come from its declaration (models/records/), ahead of the fields
    the class writes by hand (relations, money, computed values); writing one by hand too is a
    mistake caught here."""
    own = dict(inspect.get_annotations(cls))
    generated: dict[str, Any] = {}
    for attr, (annotation, description) in plain_annotations(record).items():
        if attr in own or attr in cls.__dict__:
            raise AssertionError(f"{record.type_name}.{attr} is declared in models/records/")
        generated[attr] = annotation
        if description is not None:
            setattr(cls, attr, strawberry.field(description=description))
    cls.__annotations__ = {**generated, **own}


def install_guards(schema: GraphQLSchema) -> int:
    """Put every record type's field guards in front of its fields' resolvers, in this built
    schema; returns how many. Called once per schema by TandemSchema."""
    installed = 0
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        definition = (graphql_type.extensions or {}).get("strawberry-definition")
        guards: dict[str, FieldGuard] = getattr(
            getattr(definition, "origin", None), "__tandem_guards__", {}
        )
        for name, guard in guards.items():
            field = graphql_type.fields[name]
            if field.resolve is None:
                raise AssertionError(f"{graphql_type.name}.{name} has no resolver to guard")
            field.resolve = guard.wrap(field.resolve)
            installed += 1
    return installed
