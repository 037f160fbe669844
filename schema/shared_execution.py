"""One GraphQL execution per event, role and document, shared by every subscriber it fits.

graphql-core executes a subscription's selection once per subscriber per event. For a record
event most selections depend only on the event and the subscriber's role: the event's own
fields (cursor, kind, changed fields: redacted per role) and the record's own columns (redacted
per role, realtime/fanout.py). Scope, which is per subscriber, was decided before the event was
yielded. For such a selection the result is the same for every subscriber with that role, so the
first one executes it and the others reuse the result.

A selection is shared only if everything it selects is of that kind: leaves, and objects that
are not records (Money, Consent ...). Anything that reaches another record (``actor``,
``record { ... on Deal { owner { name } } }``) depends on the subscriber's own scope and runs per
subscriber, as before. Measured in benchmarks/results/fanout.md.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, Awaitable
from typing import Any

import orjson
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    is_leaf_type,
)

from resolvers.direct_events import SUBSCRIBING
from resolvers.record_event import Shared
from resolvers.strawberry_adapter import ExecutionContext

EVENT_TYPE = "RecordEvent"
# RecordEvent fields that depend only on the event and the role.
EVENT_FIELDS = frozenset(
    {"__typename", "cursor", "kind", "object", "recordId", "changedFields", "occurredAt"}
)
NODE = "Node"
_UNSHAREABLE = object()


class SharingExecutor(ExecutionContext):
    # Set on the subscription's executor before the per-event copies are made: the part of the
    # cache key that is fixed for the subscription (document, variables), or _UNSHAREABLE.
    _share_base: Any = None

    def cancellable_iterable(self, iterable: AsyncIterable[Any]) -> AsyncIterable[Any]:
        # Called once per subscription, in its task, before its resolver's body runs: the
        # resolver finds its executor here to deliver shared results itself (realtime/direct.py).
        SUBSCRIBING.set(self)
        return super().cancellable_iterable(iterable)

    def share_base(self) -> Any:
        """This subscription's part of the cache key, or None if its results are not shared."""
        if self._share_base is None:
            self._share_base = self._subscription_key()
        return None if self._share_base is _UNSHAREABLE else self._share_base

    def build_per_event_executor(self, payload: Any) -> Any:
        if self._share_base is None:
            self._share_base = self._subscription_key()
        shared = getattr(payload, "shared", None)
        if isinstance(shared, Shared) and self._share_base is not _UNSHAREABLE:
            found = shared.cache.get((self._share_base, shared.role_key))
            if found is not None and not isinstance(found, asyncio.Future):
                return _Done(found)  # no copy of the executor for a result already made
        return super().build_per_event_executor(payload)

    def execute_operation(self, serially: bool | None = None) -> Any:
        shared = getattr(self.root_value, "shared", None)
        base = self._share_base
        if not isinstance(shared, Shared) or base is None or base is _UNSHAREABLE:
            return super().execute_operation(serially)
        key = (base, shared.role_key)
        cache = shared.cache
        found = cache.get(key)
        if found is not None:
            return _wait(found) if isinstance(found, asyncio.Future) else found
        result = super().execute_operation(serially)
        if not self.is_awaitable(result):
            cache[key] = result
            return result
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        cache[key] = future
        return _finish(result, future, cache, key)

    def _subscription_key(self) -> Any:
        operation = self.operation
        if not _shareable(self, operation.selection_set, None):
            return _UNSHAREABLE
        # Decoded to a str: orjson's bytes keep their whole write buffer (4 KiB, measured with
        # tracemalloc), and this key lives as long as the subscription.
        variables = orjson.dumps(
            self.variable_values.coerced, option=orjson.OPT_SORT_KEYS, default=str
        ).decode()
        return _Key(operation, variables)


class _Key:
    """A subscription's document and variables as a cache key. The parsed document is the
    same object for the same text (ParserCache), so it is compared by identity: hashing a
    graphql-core AST walks all of it."""

    __slots__ = ("_hash", "operation", "variables")

    def __init__(self, operation: Any, variables: str) -> None:
        self.operation = operation  # kept alive, so its id is not reused while cached
        self.variables = variables
        self._hash = hash((id(operation), variables))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Key)
            and other.operation is self.operation
            and other.variables == self.variables
        )


class _Done:
    """Stands in for a per-event executor whose result another subscriber already made."""

    __slots__ = ("result",)

    def __init__(self, result: Any) -> None:
        self.result = result

    def execute_operation(self, serially: bool | None = None) -> Any:
        return self.result


async def _wait(future: asyncio.Future[Any]) -> Any:
    return await asyncio.shield(future)


async def _finish(
    result: Awaitable[Any], future: asyncio.Future[Any], cache: dict[Any, Any], key: Any
) -> Any:
    try:
        value = await result
    except BaseException as exc:
        cache.pop(key, None)
        if not future.done():
            future.set_exception(exc)
            future.exception()  # retrieved here: waiters re-raise it, nobody else must
        raise
    cache[key] = value
    future.set_result(value)
    return value


def _shareable(
    executor: SharingExecutor, selection_set: SelectionSetNode, parent: GraphQLNamedType | None
) -> bool:
    """True if every selection depends only on the event and the subscriber's role."""
    schema = executor.schema
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if not _field_shareable(executor, selection, parent):
                return False
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            target = schema.get_type(condition.name.value) if condition else parent
            if target is None or not _shareable(executor, selection.selection_set, target):
                return False
        elif isinstance(selection, FragmentSpreadNode):
            fragment = executor.fragment_definitions.get(selection.name.value)
            if fragment is None:
                return False
            target = schema.get_type(fragment.type_condition.name.value)
            if target is None or not _shareable(executor, fragment.selection_set, target):
                return False
    return True


def _field_shareable(
    executor: SharingExecutor, node: FieldNode, parent: GraphQLNamedType | None
) -> bool:
    name = node.name.value
    if parent is None:  # the subscription's root field: only record events are shared
        root = executor.schema.subscription_type
        field = root.fields.get(name) if root else None
        if field is None or get_named_type(field.type).name != EVENT_TYPE:
            return False
        assert node.selection_set is not None
        return _shareable(executor, node.selection_set, get_named_type(field.type))
    if name == "__typename":
        return True
    if parent.name == EVENT_TYPE:
        if name in EVENT_FIELDS:
            return True
        if name != "record" or node.selection_set is None:
            return False  # actor: a user, seen through the subscriber's own scope
        return _shareable(executor, node.selection_set, executor.schema.get_type(NODE))
    if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return False
    field = parent.fields.get(name)
    if field is None:
        return False
    named = get_named_type(field.type)
    if is_leaf_type(named):
        return True
    if not isinstance(named, GraphQLObjectType) or _is_record(named):
        return False  # another record (or a union or interface of them)
    return node.selection_set is not None and _shareable(executor, node.selection_set, named)


def _is_record(named: GraphQLObjectType) -> bool:
    return any(interface.name == NODE for interface in named.interfaces)
