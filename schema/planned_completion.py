"""Completing a list page's rows without graphql-core's per-field machinery, when that is safe.

graphql-core completes an object field by field: for each it builds a GraphQLResolveInfo and a
Path, calls the resolver (Strawberry's wrapper, our field guard), checks for awaitables and
coerces the value, about 15-20 us of Python per field. A board of 250 deals with their company,
contact and owner is ~4,300 fields, so that machinery was most of a board request's time.

Most of those fields are plain: a column of the row (a Strawberry field without a resolver), a
field guard whose answer depends only on the caller's role, the global id, a to-one relation
the list already loaded (resolvers/prefetch.py), a Money made from two columns. For an object
whose whole selection (fragments and @skip/@include resolved by graphql-core's own
``collect_subfields``) is of that kind, this executor compiles a *plan* once per request and
selection: a list of (response key, getter, completer) steps with the permission decisions
already taken, and runs it per row.

The plan is only an optimisation, never a second semantics:
- a field guard that refuses compiles to no plan at all, so the normal path raises FORBIDDEN
  at the field's path as before; a field with arguments, an async or unmarked resolver, an
  abstract type or a field extension makes the selection unplannable too;
- a step that cannot answer the way the normal path would (a relation not loaded yet or not
  visible to the caller, a null in a non-null position, a value the scalar refuses) raises,
  and the object is completed the normal way instead, which then produces the same data and
  errors it always did. Plans have no side effects, so starting over is safe.

A resolver declares a plain form with ``@plain(fn)``: ``fn(root)`` returns the same value the
resolver would, synchronously, or raises ``Fallback``; ``@plain_in_context(factory)`` when the
form needs the request: ``factory(context)`` is called once per plan and returns that ``fn``.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    OperationType,
    is_leaf_type,
)
from graphql.pyutils import Undefined

from schema.shared_execution import SharingExecutor

F = TypeVar("F", bound=Callable[..., Any])
Getter = Callable[[Any], Any]
Plan = Callable[[Any], dict[str, Any]]
PLAIN_ATTRIBUTE = "__tandem_plain__"
GUARD_ATTRIBUTE = "__tandem_guard__"
_UNPLANNABLE = object()


class Fallback(Exception):  # a signal, not an error
    """This value must be completed the normal way (a plan step cannot match it)."""


def plain_in_context(factory: Callable[[Any], Getter]) -> Callable[[F], F]:
    """Mark a resolver as having a synchronous form for plans: ``factory(context)`` gives
    a function of the row answering as the resolver would, or raising Fallback."""

    def mark(resolver: F) -> F:
        setattr(resolver, PLAIN_ATTRIBUTE, factory)
        return resolver

    return mark


def plain(fn: Getter) -> Callable[[F], F]:
    """``plain_in_context`` for a form that needs only the row."""
    return plain_in_context(lambda _context: fn)


# Values of these Python types are already their own output for these scalars (graphql-core's
# coercion would return them unchanged); anything else goes through the scalar.
_SAME = {"String": str, "ID": str, "Boolean": bool, "Float": float}
_INT_RANGE = (-(2**31), 2**31 - 1)


def _leaf(graphql_type: Any) -> Getter:
    """A nullable leaf: null stays null, a value is coerced as graphql-core would."""
    coerce = graphql_type.coerce_output_value
    same = _SAME.get(graphql_type.name)
    low, high = _INT_RANGE

    def complete(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is same:
            return value
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise Fallback
        return coerced

    def complete_int(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is int and low <= value <= high:
            return value
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise Fallback
        return coerced

    return complete_int if graphql_type.name == "Int" else complete


def _non_null(inner: Getter) -> Getter:
    def complete(value: Any) -> Any:
        if value is None:
            raise Fallback
        out = inner(value)
        if out is None:
            raise Fallback
        return out

    return complete


def _nullable(inner: Getter) -> Getter:
    def complete(value: Any) -> Any:
        return None if value is None else inner(value)

    return complete


def _list(item: Getter) -> Getter:
    def complete(value: Any) -> Any:
        if isinstance(value, (str, bytes, dict)):
            raise Fallback
        return [item(v) for v in value]

    return complete


def _constant(value: Any) -> Getter:
    return lambda _row: value


class PlanningExecutor(SharingExecutor):
    """SharingExecutor that completes plannable objects of queries and mutations with plans."""

    _plans: dict[Any, Any] | None = None

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        plan = self._plan_for(return_type, field_details_list)
        if plan is not None:
            try:
                return plan(result)
            except Exception:  # the normal path gives the real answer
                pass
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _plan_for(self, return_type: GraphQLObjectType, field_details_list: Any) -> Plan | None:
        plans = self._plans
        if plans is None:
            if self.operation.operation == OperationType.SUBSCRIPTION or (
                self.middleware_manager is not None and self.middleware_manager.middlewares
            ):
                return None  # events are shared per role elsewhere; middleware must see fields
            plans = self._plans = {}
        # Keyed like graphql-core's own subfield memo: field lists live as long as this
        # execution (collect_subfields keeps them), so their ids are not reused.
        key = (return_type, id(field_details_list))
        found = plans.get(key)
        if found is None:
            found = self._compile(return_type, field_details_list)
            plans[key] = found
        return None if found is _UNPLANNABLE else found

    def _compile(self, return_type: GraphQLObjectType, field_details_list: Any) -> Any:
        try:
            plan = self._object_plan(return_type, field_details_list)
        except Exception:  # anything unusual: not plannable
            return _UNPLANNABLE
        return _UNPLANNABLE if plan is None else plan

    def _object_plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Plan | None:
        grouped, defer_usages, _forbidden = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            return None
        steps: list[tuple[str, Getter, Getter | None]] = []
        for response_key, details in grouped.items():
            node = details[0].node
            name = node.name.value
            if name == "__typename":
                steps.append((response_key, _constant(object_type.name), None))
                continue
            field = object_type.fields.get(name)
            if field is None or field.args or node.arguments:
                return None
            getter = self._getter(field)
            if getter is None:
                return None
            completer = self._completer(field.type, details)
            if completer is _UNPLANNABLE:
                return None
            steps.append((response_key, getter, completer))
        frozen = tuple(steps)

        def run(row: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for key, get, complete in frozen:
                value = get(row)
                out[key] = value if complete is None else complete(value)
            return out

        return run

    def _getter(self, field: GraphQLField) -> Getter | None:
        """How to read this field from its source, or None when only the resolver can."""
        resolve = field.resolve
        guard = getattr(resolve, GUARD_ATTRIBUTE, None)
        if guard is not None and not guard.allows_every_row(self.context_value):
            return None
        definition = (field.extensions or {}).get("strawberry-definition")
        if definition is None or definition.extensions:
            return None
        base = definition.base_resolver
        if base is None:
            return attrgetter(definition.python_name)
        factory = getattr(base.wrapped_func, PLAIN_ATTRIBUTE, None)
        return None if factory is None else factory(self.context_value)

    def _completer(self, graphql_type: GraphQLOutputType, details: Any) -> Any:
        """A function turning a resolved value into its response value; None when the value
        is already a response value; _UNPLANNABLE for types a plan does not complete."""
        if isinstance(graphql_type, GraphQLNonNull):
            inner = self._completer(graphql_type.of_type, details)
            if inner is _UNPLANNABLE:
                return inner
            return _non_null(inner or (lambda v: v))
        if isinstance(graphql_type, GraphQLList):
            item = self._completer(graphql_type.of_type, details)
            if item is _UNPLANNABLE:
                return item
            return _nullable(_list(item or (lambda v: v)))
        if is_leaf_type(graphql_type):
            return _leaf(graphql_type)
        if isinstance(graphql_type, GraphQLObjectType):
            plan = self._object_plan(graphql_type, details)
            return _UNPLANNABLE if plan is None else _nullable(plan)
        return _UNPLANNABLE  # interfaces and unions: the runtime type needs resolving
