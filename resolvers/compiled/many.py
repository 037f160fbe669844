"""To-many relations and the parts of records in a plan (the board: pipelines, their stages,
each stage's first deals).

A resolver that answers "the rows of a model whose column holds my key, in this order" says so
with a marker, as ``records.plain_relation`` does for to-one relations:
- ``children``: a plain list (Pipeline.stages: the stages of the pipeline, position then id, as
  ``board.stages_of`` loads them);
- ``newest``: the first row in an order, or null (a contact's or a deal's ``lastActivity``: the
  newest activity the caller may see, ``activities.last_activity``);
- ``grouped_pages``: a connection's first page per parent (Stage.deals: ``board.stage_deals``
  without after/before/last, i.e. ``lists.first_pages``; a company's contacts and deals, a
  contact's deals: ``lists.page`` with ``where`` the parent's key, which with ``first`` alone
  gives the same rows, cursors and pageInfo), with its checks taken from the list builder
  (``lists.first_prepared``), so scope, order and cursors are the plain path's.
A part of a record (a Stage, read under its pipeline's permission) is planned from its model's
columns: its plain fields have no resolver and no guard of their own.
Anything else (arguments beyond ``first``, a check that refuses) raises Unsupported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from graphql import (
    FieldNode,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
    get_named_type,
    get_nullable_type,
    value_from_ast,
)
from tortoise.models import Model

from models.access.records import RecordAccess
from models.errors import BadInput, Forbidden
from models.global_ids import global_id
from models.tortoise_adapter import meta
from resolvers import lists
from resolvers.compiled.items import (
    ConnectionPlan,
    Constant,
    Leaf,
    Many,
    NestedPage,
    NodePlan,
    Scoped,
)
from resolvers.compiled.selection import Document, Selected, Unsupported
from resolvers.compiled.values import converter
from resolvers.strawberry_adapter import input_object

MANY_ATTRIBUTE = "__tandem_many__"
GUARD_ATTRIBUTE = "__tandem_guard__"
F = TypeVar("F", bound=Callable[..., Any])
# The planner's own functions, passed in (plan.py imports this module).
PlanNode = Callable[..., NodePlan]
PlanConnection = Callable[..., ConnectionPlan]


@dataclass(frozen=True, slots=True)
class Children:
    obj: str  # whose read permission and row scope the rows are under
    model: type[Model]
    column: str
    order: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GroupedPages:
    spec: lists.ListSpec
    column: str
    default_order: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Newest:
    spec: lists.ListSpec
    column: str
    order: tuple[tuple[str, bool], ...]


Mark = Children | GroupedPages | Newest


def newest(
    spec: lists.ListSpec, column: str, order: Sequence[tuple[str, bool]]
) -> Callable[[F], F]:
    """Marks a resolver as the first of ``spec``'s rows the caller may read whose ``column`` is
    the parent's key, in ``order`` ((column, descending)), or None; None too when the caller may
    not read the object at all."""
    return _mark(Newest(spec, column, tuple(order)))


def children(obj: str, model: type[Model], column: str, order: Sequence[str]) -> Callable[[F], F]:
    """Marks a resolver as the list of ``model`` rows whose ``column`` is the parent's key."""
    return _mark(Children(obj, model, column, tuple(order)))


def grouped_pages(
    spec: lists.ListSpec, column: str, default_order: Sequence[Any]
) -> Callable[[F], F]:
    """Marks a connection resolver as ``lists.first_pages`` of ``spec`` grouped by ``column``
    when given ``first`` (and no after/before/last)."""
    return _mark(GroupedPages(spec, column, tuple(default_order)))


def _mark(mark: Mark) -> Callable[[F], F]:
    def marked(resolver: F) -> F:
        setattr(resolver, MANY_ATTRIBUTE, mark)
        return resolver

    return marked


def mark_of(gfield: Any) -> Mark | None:
    definition = (gfield.extensions or {}).get("strawberry-definition")
    base = getattr(getattr(definition, "base_resolver", None), "wrapped_func", None)
    return getattr(base, MANY_ATTRIBUTE, None)


def plan(
    doc: Document,
    gfield: Any,
    selected: Selected,
    mark: Mark,
    access: RecordAccess,
    context: Any,
    depth: int,
    plan_node: PlanNode,
    plan_connection: PlanConnection,
) -> Many | Constant:
    if isinstance(mark, Newest):
        return _newest(doc, gfield, selected, mark, context, depth, plan_node)
    if isinstance(mark, Children):
        if gfield.args or selected.has_arguments:
            raise Unsupported(selected.name)
        item_type = get_named_type(gfield.type)
        if not isinstance(item_type, GraphQLObjectType):
            raise Unsupported(selected.name)
        owner = access.of(mark.obj)
        node = plan_node(doc, item_type, selected.selection_sets(), owner, context, depth + 1)
        for column in (*mark.order, mark.column):
            node.read(column)
        rows = Scoped(owner, mark.model)
        order = tuple((column, False) for column in mark.order)
        return Many(selected.key, mark.column, node, rows, order)
    return _pages(doc, gfield, selected, mark, context, depth, plan_connection)


def _newest(
    doc: Document,
    gfield: Any,
    selected: Selected,
    mark: Newest,
    context: Any,
    depth: int,
    plan_node: PlanNode,
) -> Many | Constant:
    if gfield.args or selected.has_arguments:
        raise Unsupported(selected.name)
    item_type = get_named_type(gfield.type)
    if not isinstance(item_type, GraphQLObjectType):
        raise Unsupported(selected.name)
    owner = context.access(mark.spec.obj)
    if not owner.can("read"):
        return Constant(selected.key, None)  # as the resolver: null, no error
    node = plan_node(doc, item_type, selected.selection_sets(), owner, context, depth + 1)
    for column, _ in mark.order:
        node.read(column)
    node.read(mark.column)
    rows = Scoped(owner, mark.spec.model)  # lists.base_query's rows
    return Many(selected.key, mark.column, node, rows, mark.order, single=True)


_PAGED = ("after", "last", "before", "orderBy")


def _pages(
    doc: Document,
    gfield: Any,
    selected: Selected,
    mark: GroupedPages,
    context: Any,
    depth: int,
    plan_connection: PlanConnection,
) -> Many:
    given = [_arguments(doc, gfield, node) for node in selected.nodes]
    args = given[0]
    if any(other != args for other in given) or any(args.get(a) is not None for a in _PAGED):
        raise Unsupported(selected.name)  # paging on, or an order: the plain path
    filter = _filter(gfield, args.get("filter"))
    connection_type = get_named_type(gfield.type)
    if not isinstance(connection_type, GraphQLObjectType):
        raise Unsupported(selected.name)
    access = context.access(mark.spec.obj)
    try:
        sort_plan, filtered, size = lists.first_prepared(
            mark.spec, access, args.get("first"), filter=filter, order_by=list(mark.default_order)
        )
    except (BadInput, Forbidden) as exc:
        raise Unsupported(selected.name) from exc  # the plain path gives the error its place
    connection = plan_connection(
        doc, connection_type, selected.selection_sets(), access, context, depth + 1
    )
    node = connection.node
    for _, column, _ in sort_plan:
        node.read(column)
    node.read(mark.column)
    order = tuple((column, desc) for _, column, desc in sort_plan)
    page = NestedPage(connection, tuple(sort_plan), size, filtered)
    return Many(selected.key, mark.column, node, filtered, order, page)


def _filter(gfield: Any, given: dict[str, Any] | None) -> Any:
    """The ``filter`` argument as the resolver would receive it (a Strawberry input), when it
    holds only scalars and no search (the plain path ranks a search: not compiled)."""
    if given is None:
        return None
    found = input_object(get_nullable_type(gfield.args["filter"].type), given)
    if found is None or getattr(found, "search", None) is not None:
        raise Unsupported("filter")
    return found


def _arguments(doc: Document, gfield: Any, node: FieldNode) -> dict[str, Any]:
    """The field's arguments as given (validation has checked them); unset ones left out."""
    variables = getattr(doc.variables, "coerced", doc.variables) or {}
    out: dict[str, Any] = {}
    for argument in node.arguments or ():
        definition = gfield.args.get(argument.name.value)
        if definition is None:
            raise Unsupported(argument.name.value)
        value = value_from_ast(argument.value, definition.type, variables)
        if value is not Undefined:
            out[argument.name.value] = value
    return out


def part(
    doc: Document,
    type_: GraphQLObjectType,
    sets: Any,
    model: type[Model],
    access: RecordAccess,
    context: Any,
    depth: int,
    plan_node: PlanNode,
    plan_connection: PlanConnection,
) -> NodePlan:
    """The plan of a part of a record (a Stage): its id, its columns, its marked relations."""
    model_meta = meta(model)
    node = NodePlan(model, model_meta.db_pk_column)
    node.read(node.pk)
    for selected in doc.collect(type_, sets).values():
        name = selected.name
        if name == "__typename":
            node.items.append(Constant(selected.key, type_.name))
            continue
        gfield = type_.fields.get(name)
        if gfield is None or getattr(gfield.resolve, GUARD_ATTRIBUTE, None) is not None:
            raise Unsupported(name)  # a part's fields are read with the whole, unguarded
        mark = mark_of(gfield)
        if mark is not None:
            args = (doc, gfield, selected, mark, access, context, depth)
            node.items.append(plan(*args, plan_node, plan_connection))
            continue
        if gfield.args or selected.has_arguments:
            raise Unsupported(name)
        if name == "id":
            node.items.append(Leaf(selected.key, node.pk, partial(global_id, type_.name)))
            continue
        definition = (gfield.extensions or {}).get("strawberry-definition")
        column = str(getattr(definition, "python_name", ""))
        scalar = get_named_type(gfield.type)
        if (
            definition is None
            or definition.base_resolver is not None
            or column not in model_meta.fields_db_projection
            or not isinstance(scalar, GraphQLScalarType)
        ):
            raise Unsupported(name)
        node.read(column)
        node.items.append(Leaf(selected.key, column, converter(model, column, scalar)))
    return node
