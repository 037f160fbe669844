"""A connection's selection as a plan: which columns and relations each node reads, what each
response key shows, and which keys are refused, with the caller's permission decisions taken.

Only what the record declarations (models/records/) describe completely is planned: the global
id, the system fields (version, createdAt, updatedAt), plain fields of a scalar type, lists kept
as JSON text, and to-one relations answered by ``records.related_now``. A field the caller may
not read is planned as refused whatever it is (its guard answers before any resolver would):
null with the same FORBIDDEN error, and its column never selected. Any other field (custom and
computed fields, reverse relations, arguments, a guard that depends on the row) is delegated
when it is nullable (``Delegated``: graphql-core resolves it on the row after the statement,
schema/compiled_holes.py); a non-null one raises Unsupported, and the plain path answers the
whole root field (an error in it would null its parent, which a hole cannot do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    SelectionSetNode,
    get_named_type,
)

from models.access.records import RecordAccess
from models.global_ids import global_id
from models.records import DECLARED
from models.records.declaration import Field, snake
from models.tortoise_adapter import meta
from models.values import listed
from resolvers import records
from resolvers.compiled import many
from resolvers.compiled.items import (
    ConnectionPlan,
    Constant,
    Convert,
    Delegated,
    Item,
    Leaf,
    MoneyLeaf,
    NodePlan,
    Refused,
    Relation,
    Scoped,
)
from resolvers.compiled.selection import Document, Selected, Unsupported
from resolvers.compiled.values import converter as _converter
from resolvers.compiled.values import python_value

# The plan's parts, defined in items.py and values.py, are still reachable here.
__all__ = [
    "ConnectionPlan",
    "Constant",
    "Convert",
    "Leaf",
    "MoneyLeaf",
    "NodePlan",
    "Refused",
    "Relation",
    "connection",
    "money_as_stored",
    "python_value",
]

GUARD_ATTRIBUTE = "__tandem_guard__"
# Set on a Money resolver that shows its column as stored, with the record's currency (a deal's
# amount). Documents show their amounts rounded to the currency's minor units: not compiled.
AS_STORED_ATTRIBUTE = "__tandem_money_as_stored__"
SYSTEM_FIELDS = {"version": "version", "createdAt": "created_at", "updatedAt": "updated_at"}
# Declared types whose column is shown as it is read; "list" is JSON text shown as a list.
PLAIN_TYPES = frozenset({"text", "int", "bigint", "decimal", "bool", "date", "datetime"})
# Nested to-one relations a statement follows (deal -> contact -> company -> owner).
MAX_DEPTH = 4
# PostgreSQL's functions take at most 100 arguments: 50 keys per JSON object.
MAX_KEYS = 50

F = TypeVar("F", bound=Callable[..., Any])


def connection(
    doc: Document,
    type_: GraphQLObjectType,
    sets: Iterable[SelectionSetNode],
    access: RecordAccess,
    context: Any,
    depth: int = 0,
) -> ConnectionPlan:
    """The plan of a connection field; Unsupported for anything it does not cover."""
    edge_type = _object(type_, "edges")
    node_type = _object(edge_type, "node")
    parts: list[tuple[str, str, list[tuple[str, str]]]] = []
    node_sets: list[SelectionSetNode] = []
    node_key: str | None = None
    for selected in doc.collect(type_, sets).values():
        if selected.has_arguments:
            raise Unsupported(selected.name)
        if selected.name == "__typename":
            parts.append((selected.key, "typename", [("", type_.name)]))
        elif selected.name == "totalCount":
            parts.append((selected.key, "totalCount", []))
        elif selected.name == "pageInfo":
            sub = _flat(doc, _object(type_, "pageInfo"), selected)
            parts.append((selected.key, "pageInfo", sub))
        elif selected.name == "edges":
            if any(part == "edges" for _, part, _ in parts):
                raise Unsupported("two edges keys")
            sub = []
            for inner in doc.collect(edge_type, selected.selection_sets()).values():
                if inner.has_arguments:
                    raise Unsupported(inner.name)
                if inner.name == "node":
                    if node_key is not None:
                        raise Unsupported("two node keys")  # one plan per connection
                    node_key = inner.key
                    node_sets = inner.selection_sets()
                elif inner.name not in ("cursor", "__typename"):
                    raise Unsupported(inner.name)
                sub.append((inner.key, inner.name if inner.name != "__typename" else "#"))
            parts.append((selected.key, "edges", sub))
        else:
            raise Unsupported(selected.name)
    node = _node(doc, node_type, node_sets, access, context, depth)
    return ConnectionPlan(node, parts, node_key, edge_type.name)


def _flat(doc: Document, type_: GraphQLObjectType, selected: Selected) -> list[tuple[str, str]]:
    out = []
    for inner in doc.collect(type_, selected.selection_sets()).values():
        if inner.has_arguments or (inner.name not in type_.fields and inner.name != "__typename"):
            raise Unsupported(inner.name)
        out.append((inner.key, inner.name if inner.name != "__typename" else "#"))
    return out


def _object(type_: GraphQLObjectType, name: str) -> GraphQLObjectType:
    found = type_.fields.get(name)
    inner = get_named_type(found.type) if found is not None else None
    if not isinstance(inner, GraphQLObjectType):
        raise Unsupported(f"{type_.name}.{name}")
    return inner


def _node(
    doc: Document,
    type_: GraphQLObjectType,
    sets: Iterable[SelectionSetNode],
    access: RecordAccess,
    context: Any,
    depth: int,
) -> NodePlan:
    kind = records.kind_of(type_.name)
    record = DECLARED.get(kind.obj) if kind is not None else None
    if kind is None or record is None:
        raise Unsupported(type_.name)
    if record.model is not kind.model:  # a part of a record (a pipeline's stage)
        part = many.part(doc, type_, sets, kind.model, access, context, depth, _node, connection)
        return _fits(part)
    model_meta = meta(kind.model)
    plan = NodePlan(kind.model, model_meta.db_pk_column, type_name=type_.name)
    plan.read(plan.pk)
    declared = {f.name: f for f in record.catalogued()}
    for selected in doc.collect(type_, sets).values():
        if selected.name == "__typename":
            plan.items.append(Constant(selected.key, type_.name))
            continue
        gfield = type_.fields.get(selected.name)
        if gfield is None:
            raise Unsupported(selected.name)
        try:
            item = _item(doc, plan, declared, gfield, selected, access, context, depth)
        except Unsupported:
            if isinstance(gfield.type, GraphQLNonNull):
                raise  # a non-null field's error would null its parent: the plain path
            item = Delegated(selected.key)
        plan.items.append(item)
    return _fits(plan)


def _item(
    doc: Document,
    plan: NodePlan,
    declared: dict[str, Field],
    gfield: Any,
    selected: Selected,
    access: RecordAccess,
    context: Any,
    depth: int,
) -> Item:
    """What the statement reads for one selected field; Unsupported when it cannot."""
    name = selected.name
    marked = many.mark_of(gfield)
    if (gfield.args or selected.has_arguments) and marked is None:
        raise Unsupported(name)
    guard = getattr(gfield.resolve, GUARD_ATTRIBUTE, None)
    if guard is not None and not guard.allows_every_row(context):
        if not getattr(guard, "decides_per_role", False):
            raise Unsupported(name)  # readable on some rows only (a user's own profile)
        return Refused(selected.key, guard.message, guard.field, selected.nodes[0])
    scalar = get_named_type(gfield.type)
    if marked is not None:  # a to-many relation (a pipeline's stages, a stage's deals)
        return many.plan(doc, gfield, selected, marked, access, context, depth, _node, connection)
    if name == "id":
        return Leaf(selected.key, plan.pk, partial(global_id, plan.type_name))
    if name in SYSTEM_FIELDS and guard is None:
        column = SYSTEM_FIELDS[name]
        plan.read(column)
        return Leaf(selected.key, column, _converter(plan.model, column, scalar))
    if name in declared and guard is not None:
        return _declared(doc, plan, declared[name], gfield, selected, access, context, depth)
    raise Unsupported(name)


def node(
    doc: Document,
    type_: GraphQLObjectType,
    sets: Iterable[SelectionSetNode],
    access: RecordAccess,
    context: Any,
) -> NodePlan:
    """The plan of each object of a root list (``pipelines``)."""
    return _node(doc, type_, sets, access, context, 0)


def _fits(plan: NodePlan) -> NodePlan:
    if len(plan.columns) + len(plan.relations) + len(plan.many) > MAX_KEYS:
        raise Unsupported("too many keys for one JSON object")
    return plan


def _declared(
    doc: Document,
    plan: NodePlan,
    declared: Field,
    gfield: Any,
    selected: Selected,
    access: RecordAccess,
    context: Any,
    depth: int,
) -> Leaf | MoneyLeaf | Relation:
    column = declared.column
    scalar = get_named_type(gfield.type)
    if column is None or column not in meta(plan.model).fields_map:
        raise Unsupported(declared.name)
    if declared.type in PLAIN_TYPES and declared.plain and isinstance(scalar, GraphQLScalarType):
        definition = (gfield.extensions or {}).get("strawberry-definition")
        if definition is None or definition.base_resolver is not None:
            raise Unsupported(declared.name)  # a hand-written resolver gives its own answer
        if snake(declared.name) != column:
            raise Unsupported(declared.name)
        plan.read(column)
        return Leaf(selected.key, column, _converter(plan.model, column, scalar))
    if declared.type == "list" and not selected.selection_sets():
        plan.read(column)
        return Leaf(selected.key, column, listed)
    if declared.type == "decimal" and declared.events == (declared.name, "currency"):
        return _money(doc, plan, declared, gfield, selected)
    if declared.type == "ref" and declared.ref is not None:
        return _relation(doc, plan, declared, gfield, selected, access, context, depth)
    raise Unsupported(declared.name)


def _relation(
    doc: Document,
    plan: NodePlan,
    declared: Field,
    gfield: Any,
    selected: Selected,
    access: RecordAccess,
    context: Any,
    depth: int,
) -> Relation:
    ref = declared.ref
    assert ref is not None and declared.column is not None
    definition = (gfield.extensions or {}).get("strawberry-definition")
    base = getattr(definition, "base_resolver", None)
    marked = getattr(getattr(base, "wrapped_func", None), records.RELATION_ATTRIBUTE, None)
    target_type = get_named_type(gfield.type)
    if (
        marked is None
        or marked[2] != declared.column
        or marked[0] != ref.obj
        or ref.obj == "comment"  # seen only with the record it discusses: its own check
        or depth + 1 >= MAX_DEPTH
        or not isinstance(target_type, GraphQLObjectType)
        or target_type.name != ref.type_name
    ):
        raise Unsupported(declared.name)
    plan.read(declared.column)
    related = access.of(ref.obj)
    if not related.can("read"):
        return Relation(selected.key, declared.column, ref.obj, selected.nodes[0], None, None)
    target = _node(doc, target_type, selected.selection_sets(), related, context, depth + 1)
    rows = Scoped(related, ref.model)
    return Relation(selected.key, declared.column, ref.obj, selected.nodes[0], target, rows)


def money_as_stored(resolver: F) -> F:
    """Marks a Money resolver as ``Money(amount=<the column>, currency=<the record's>)``."""
    setattr(resolver, AS_STORED_ATTRIBUTE, True)
    return resolver


def _money(
    doc: Document, plan: NodePlan, declared: Field, gfield: Any, selected: Selected
) -> MoneyLeaf:
    money = get_named_type(gfield.type)
    definition = (gfield.extensions or {}).get("strawberry-definition")
    base = getattr(getattr(definition, "base_resolver", None), "wrapped_func", None)
    if not getattr(base, AS_STORED_ATTRIBUTE, False):
        raise Unsupported(declared.name)
    if not isinstance(money, GraphQLObjectType) or set(money.fields) != {"amount", "currency"}:
        raise Unsupported(declared.name)
    assert declared.column is not None
    sub = tuple(
        (inner.key, "#" if inner.name == "__typename" else inner.name)
        for inner in doc.collect(money, selected.selection_sets()).values()
    )
    amount = _converter(plan.model, declared.column, get_named_type(money.fields["amount"].type))
    plan.read(declared.column)
    plan.read("currency")
    assert amount is not None
    return MoneyLeaf(selected.key, declared.column, "currency", sub, amount)
