"""The pieces plans are made of (schema/planned_completion.py): how a resolved value becomes
its response value, as graphql-core's completion would make it. How resolvers declare a plain
form is resolvers/plain_forms.py (below schema/, so resolvers need not import this module); its
names are re-exported here for the schema modules that use them.

A completer is ``complete(value, path, work)``. ``path`` is the graphql-core Path of the value
when some field below must be delegated (else None, and not built); ``work`` collects those
delegated fields, run once the whole plan has succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql.pyutils import Undefined

from resolvers.plain_forms import (
    PLAIN_ATTRIBUTE,
    Delegate,
    F,
    Fallback,
    Getter,
    plain,
    plain_in_context,
)

__all__ = [
    "GUARD_ATTRIBUTE",
    "PLAIN_ATTRIBUTE",
    "Completer",
    "Delegate",
    "F",
    "Fallback",
    "Getter",
    "plain",
    "plain_in_context",
]

Completer = Callable[[Any, Any, Any], Any]
GUARD_ATTRIBUTE = "__tandem_guard__"


# Values of these Python types are already their own output for these scalars (graphql-core's
# coercion would return them unchanged); anything else goes through the scalar. (Not Float:
# graphql-core refuses NaN and infinities.)
_SAME = {"String": str, "ID": str, "Boolean": bool}


def passes_through(graphql_type: Any) -> type | None:
    """The Python type whose values this leaf type outputs unchanged, if any."""
    return _SAME.get(getattr(graphql_type, "name", ""))


_INT_LOW, _INT_HIGH = -(2**31), 2**31 - 1


def leaf(graphql_type: Any) -> Completer:
    """A nullable leaf: null stays null, a value is coerced as graphql-core would."""
    coerce = graphql_type.coerce_output_value
    same = _SAME.get(graphql_type.name)

    def complete(value: Any, _path: Any, _work: Any) -> Any:
        if value is None:
            return None
        if type(value) is same:
            return value
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise Fallback
        return coerced

    def complete_int(value: Any, _path: Any, _work: Any) -> Any:
        if value is None:
            return None
        if type(value) is int and _INT_LOW <= value <= _INT_HIGH:
            return value
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise Fallback
        return coerced

    return complete_int if graphql_type.name == "Int" else complete


def identity(value: Any, _path: Any, _work: Any) -> Any:
    return value


def non_null(inner: Completer) -> Completer:
    def complete(value: Any, path: Any, work: Any) -> Any:
        if value is None:
            raise Fallback
        out = inner(value, path, work)
        if out is None:
            raise Fallback
        return out

    return complete


def nullable(inner: Completer) -> Completer:
    def complete(value: Any, path: Any, work: Any) -> Any:
        return None if value is None else inner(value, path, work)

    return complete


def listed(item: Completer, with_paths: bool) -> Completer:
    def complete(value: Any, _path: Any, work: Any) -> Any:
        if isinstance(value, (str, bytes, dict)):
            raise Fallback
        return [item(v, None, work) for v in value]

    def complete_with_paths(value: Any, path: Any, work: Any) -> Any:
        if isinstance(value, (str, bytes, dict)):
            raise Fallback
        add = path.add_key
        return [item(v, add(i, None), work) for i, v in enumerate(value)]

    return nullable(complete_with_paths if with_paths else complete)


def constant(value: Any) -> Getter:
    return lambda _row: value
