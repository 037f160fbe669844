"""Every private or internal name of Strawberry that Tandem relies on, in one module (issue 16).

Strawberry's public API runs a request through its view and ``Schema.execute``, with an extension
runner and middleware around each step. The lean HTTP path (server/graphql_lean.py) runs the same
steps without that machinery, and the shared subscription executor (schema/shared_execution.py)
subclasses Strawberry's execution context; both need names Strawberry does not document. They
are reached only through here. tests/server/test_strawberry_adapter.py is the contract test: it
fails when Strawberry renames or reshapes any of them, within the version bounds pyproject.toml
allows (strawberry-graphql>=0.341,<0.342).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from graphql import GraphQLError, GraphQLInputObjectType, GraphQLResolveInfo, GraphQLSchema
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext, validate_document
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

__all__ = [
    "ExecutionContext",
    "execute_function",
    "extension_resolves",
    "graphql_core_schema",
    "input_object",
    "is_awaitable",
    "process_errors",
    "raw_info",
    "stream_transport",
    "validate_document",
]

# The graphql-core execution context Strawberry executes with (its subclass of graphql-core's).
ExecutionContext = StrawberryGraphQLCoreExecutionContext
# Strawberry's faster awaitable check, the one Schema.execute passes to graphql-core.
is_awaitable = optimized_is_awaitable


def graphql_core_schema(schema: Any) -> GraphQLSchema:
    """The graphql-core schema a Strawberry ``Schema`` built."""
    found: GraphQLSchema = schema._schema
    return found


def execute_function(schema: Any) -> Callable[..., Any]:
    """graphql-core's ``execute`` as the schema calls it (incremental delivery or not)."""
    found: Callable[..., Any] = schema._get_execute_function()
    return found


def extension_resolves(extension: Any) -> bool:
    """Whether a schema extension hooks field resolution (then the lean path steps aside)."""
    return bool(extension._implements_resolve())


def process_errors(schema: Any, errors: list[GraphQLError]) -> None:
    """What ``Schema.execute`` does with a result's errors before returning it."""
    schema._process_errors(errors, None)


def stream_transport(view: Any, accept: str) -> Any:
    """The streaming transport (multipart, SSE) an Accept header asks the view for, or None."""
    return view._get_stream_transport_from_headers({"accept": accept})


# Where Strawberry keeps a GraphQL type's definition (its class, its fields' Python names).
DEFINITION_KEY = "strawberry-definition"
_SCALARS = (str, int, float, bool, Decimal, date, datetime)


def input_object(type_: GraphQLInputObjectType, value: dict[str, Any]) -> Any | None:
    """The Strawberry input instance for an input object's value as graphql-core coerced it
    (``value_from_ast``: a dict by GraphQL field name), as a resolver would receive it; None when
    a field's value is anything but a scalar or a list of scalars (nested inputs, enums: Strawberry
    converts those itself, only when it calls the resolver)."""
    definition = type_.extensions.get(DEFINITION_KEY)
    if definition is None:
        return None
    kwargs: dict[str, Any] = {}
    for field in definition.fields:
        name = field.graphql_name or to_camel_case(field.python_name)
        given = value.get(name)
        items = given if isinstance(given, list) else [given]
        if any(item is not None and not isinstance(item, _SCALARS) for item in items):
            return None
        kwargs[field.python_name] = given
    return definition.origin(**kwargs)


def raw_info(info: Info[Any, Any]) -> GraphQLResolveInfo:
    """graphql-core's resolve info behind Strawberry's ``Info`` (field nodes, fragments)."""
    found: GraphQLResolveInfo = info._raw_info
    return found
