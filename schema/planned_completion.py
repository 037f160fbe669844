"""Completing a list page's rows without graphql-core's per-field machinery.

graphql-core completes an object field by field: for each it builds a GraphQLResolveInfo and a
Path, calls the resolver (Strawberry's wrapper, our field guard), checks for awaitables and
coerces the value, about 15-20 us of Python per field. A board of 250 deals with their company,
contact and owner is ~4,300 fields, so that machinery was most of a board request's time.

Most of those fields are plain: a column of the row (a Strawberry field without a resolver), a
field guard whose answer depends only on the caller's role, the global id, a to-one relation
the list already loaded (resolvers/prefetch.py), a Money made from two columns. For an object
type and selection (fragments and @skip/@include resolved by graphql-core's own
``collect_subfields``) this executor compiles a *plan* once per request: one step per response
key, with the permission decisions already taken, run per row (schema/plan_steps.py).

Fields that are not plain are *delegated*: the plan leaves a hole and, once every plain step of
the whole tree has succeeded, graphql-core's own ``execute_field`` resolves that field of that
row at its path (async resolvers, a guard that refuses this role or depends on the row, a
relation not loaded or not visible: FORBIDDEN and NOT_FOUND come from the resolvers as always).
Only nullable fields are delegated, so a delegated field never raises into the plan.

The plan is an optimisation, never a second semantics:
- a selection with a non-null field that is not plain, a field with arguments that is not
  nullable, an abstract type below, or a field extension is not planned at all;
- a step that cannot answer the way the normal path would (a null in a non-null position, a
  value the scalar refuses) raises Fallback during the first pass, before any delegated field
  ran, and the object is completed the normal way instead. The first pass has no side
  effects, so starting over is safe.
"""

from __future__ import annotations

import asyncio
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    OperationType,
    get_named_type,
    is_leaf_type,
    located_error,
)
from graphql.pyutils import Path

from models import fast_paths
from resolvers.compiled.response import Compiled
from schema import compiled_holes
from schema import plan_steps as steps_of
from schema.plan_codegen import Step, runner
from schema.plan_steps import GUARD_ATTRIBUTE, PLAIN_ATTRIBUTE, Completer, Getter
from schema.shared_execution import SharingExecutor

_UNPLANNABLE = object()


class _Plan:
    """The compiled plan of one object type and selection."""

    __slots__ = ("needs_path", "run")

    def __init__(self, run: Completer, needs_path: bool) -> None:
        self.run = run
        self.needs_path = needs_path


class PlanningExecutor(SharingExecutor):
    """SharingExecutor that completes the objects of queries and mutations with plans."""

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
        if isinstance(result, Compiled):
            return self._compiled(result, return_type, field_details_list, path, position_context)
        plan = self._plan_for(return_type, field_details_list)
        if plan is not None:
            work: list[Any] | None = [] if plan.needs_path else None
            try:
                data = plan.run(result, path, work)
            except Exception:  # the normal path gives the real answer
                pass
            else:
                fast_paths.took(fast_paths.PLANNED_COMPLETION)
                return self._delegated(data, work, position_context) if work else data
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def complete_abstract_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, Compiled):  # node(id:): the plan was made for the record's type
            own_type = self.schema.get_type(result.type_name or "")
            return self._compiled(result, own_type, field_details_list, path, position_context)
        return super().complete_abstract_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _compiled(
        self,
        result: Compiled,
        type_: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        """A root field answered by a compiled read (resolvers/compiled/): its value is
        complete but for its delegated fields (schema/compiled_holes.py); its errors are
        placed at their paths as graphql-core places a resolver's."""
        for error, below, node in result.errors:
            at = path
            for key in below:
                at = at.add_key(key)
            self.collected_errors.add(located_error(error, [node], at.as_list()), at)
        if result.holes:
            return compiled_holes.fill(
                self, result, type_, field_details_list, path, position_context
            )
        return result.data

    def complete_list_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, Compiled):  # a root list (pipelines): complete already
            item_type = get_named_type(return_type)
            return self._compiled(result, item_type, field_details_list, path, position_context)
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _delegated(self, data: Any, work: list[Any], position_context: Any) -> Any:
        """Resolve the delegated fields into their holes; an awaitable when any is async."""
        pending: list[tuple[dict[str, Any], str, Any]] = []
        for holder, key, parent_type, row, details, path in work:
            value = self.execute_field(parent_type, row, details, path, position_context)
            if self.is_awaitable(value):
                pending.append((holder, key, value))
            else:
                holder[key] = value
        if not pending:
            return data

        async def filled() -> Any:
            values = await asyncio.gather(*(value for _, _, value in pending))
            for (holder, key, _), value in zip(pending, values, strict=True):
                holder[key] = value
            return data

        return filled()

    def _plan_for(self, return_type: GraphQLObjectType, field_details_list: Any) -> Any:
        plans = self._plans
        if plans is None:
            if not fast_paths.enabled(fast_paths.PLANNED_COMPLETION):
                return None  # switched off: graphql-core completes every object
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
            try:
                found = self._object_plan(return_type, field_details_list) or _UNPLANNABLE
            except Exception:  # anything unusual: not planned
                found = _UNPLANNABLE
            plans[key] = found
        return None if found is _UNPLANNABLE else found

    def _object_plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Any:
        grouped, defer_usages, _forbidden = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            return None
        steps: list[Step] = []
        needs_path = False
        for response_key, details in grouped.items():
            node = details[0].node
            name = node.name.value
            if name == "__typename":
                steps.append(Step(response_key, steps_of.constant(object_type.name)))
                continue
            field = object_type.fields.get(name)
            if field is None:
                return None
            nullable = not isinstance(field.type, GraphQLNonNull)
            getter, delegates, attribute = (
                (None, True, None) if field.args or node.arguments else self._getter(field)
            )
            if getter is None or delegates:
                if not nullable:
                    return None
                needs_path = True
                if getter is None:
                    steps.append(Step(response_key, None, details=details))
                    continue
            found = self._completer(field.type, details)
            if found is _UNPLANNABLE:
                return None
            completer, child_needs_path = found
            needs_path = needs_path or child_needs_path
            steps.append(
                Step(
                    response_key,
                    getter,
                    completer,
                    child_needs_path,
                    details,
                    attribute,
                    delegates,
                    steps_of.passes_through(field.type),
                )
            )
        return _Plan(runner(object_type, tuple(steps)), needs_path)

    def _getter(self, field: GraphQLField) -> tuple[Getter | None, bool, str | None]:
        """How to read this field from its source (None when only the resolver can), whether
        that getter may delegate a row, and the attribute it reads when it only reads one."""
        resolve = field.resolve
        guard = getattr(resolve, GUARD_ATTRIBUTE, None)
        if guard is not None and not guard.allows_every_row(self.context_value):
            return None, True, None
        definition = (field.extensions or {}).get("strawberry-definition")
        if definition is None or definition.extensions:
            return None, True, None
        base = definition.base_resolver
        if base is None:
            return attrgetter(definition.python_name), False, definition.python_name
        marked = getattr(base.wrapped_func, PLAIN_ATTRIBUTE, None)
        if marked is None:
            return None, True, None
        factory, delegates = marked
        return factory(self.context_value), delegates, None

    def _completer(self, graphql_type: GraphQLOutputType, details: Any) -> Any:
        """(completer, needs paths) for a resolved value of this type; _UNPLANNABLE for
        types a plan does not complete."""
        if isinstance(graphql_type, GraphQLNonNull):
            found = self._completer(graphql_type.of_type, details)
            if found is _UNPLANNABLE:
                return found
            return steps_of.non_null(found[0]), found[1]
        if isinstance(graphql_type, GraphQLList):
            found = self._completer(graphql_type.of_type, details)
            if found is _UNPLANNABLE:
                return found
            return steps_of.listed(found[0], found[1]), found[1]
        if is_leaf_type(graphql_type):
            return steps_of.leaf(graphql_type), False
        if isinstance(graphql_type, GraphQLObjectType):
            plan = self._object_plan(graphql_type, details)
            if plan is None:
                return _UNPLANNABLE
            return steps_of.nullable(plan.run), plan.needs_path
        return _UNPLANNABLE  # interfaces and unions: the runtime type needs resolving
