"""Contract test of resolvers/strawberry_adapter.py: each Strawberry name it reaches still exists
and does what Tandem relies on, on a small schema of its own and on Tandem's."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from graphql import (
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLSchema,
    parse,
    parse_value,
    specified_rules,
    value_from_ast,
)
from graphql.execution.executor import Executor
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_SSE_PROTOCOL
from strawberry.types import Info

from resolvers import strawberry_adapter as adapter
from schema.schema import build_schema

SEEN: list[Any] = []


@strawberry.type
class Query:
    @strawberry.field
    def hello(self, info: Info) -> str:
        SEEN.append(adapter.raw_info(info))
        return "world"


def test_the_graphql_core_schema_and_its_execute_function() -> None:
    schema = strawberry.Schema(Query)
    core = adapter.graphql_core_schema(schema)
    assert isinstance(core, GraphQLSchema) and core.query_type is not None
    document = parse("{ hello }")
    assert adapter.validate_document(core, document, specified_rules) == []
    outcome = adapter.execute_function(schema)(
        core,
        document,
        root_value=None,
        variable_values=None,
        operation_name=None,
        context_value=None,
        is_awaitable=adapter.is_awaitable,
        executor_class=adapter.ExecutionContext,
        operation_extensions=None,
    )
    assert outcome.data == {"hello": "world"} and not outcome.errors
    # graphql-core's resolve info (Strawberry's copy of its fields): compiled reads plan the
    # selection (field nodes, fragments, variables) from it.
    raw = SEEN[-1]
    assert raw.field_name == "hello" and raw.field_nodes[0].name.value == "hello"
    assert raw.fragments == {}


def test_the_execution_context_is_graphql_cores() -> None:
    assert issubclass(adapter.ExecutionContext, Executor)


def test_awaitables_are_told_apart() -> None:
    async def later() -> int:
        return 1

    pending = later()
    assert adapter.is_awaitable(pending) and not adapter.is_awaitable(1)
    assert asyncio.run(pending) == 1


def test_tandems_extensions_leave_field_resolution_alone() -> None:
    schema: Any = build_schema()
    assert not any(adapter.extension_resolves(e) for e in schema.get_extensions())
    errors = [GraphQLError("boom")]
    adapter.process_errors(schema, errors)  # classified in place: a code, the message masked
    assert errors[0].extensions and errors[0].extensions.get("code")


def test_the_view_tells_a_streaming_accept_header() -> None:
    view = GraphQL(strawberry.Schema(Query), subscription_protocols=(GRAPHQL_SSE_PROTOCOL,))
    assert adapter.stream_transport(view, "text/event-stream") is not None
    assert adapter.stream_transport(view, "application/json") is None


def test_an_input_objects_coerced_value_becomes_the_input_a_resolver_receives() -> None:
    """Strawberry keeps an input type's class and its fields' Python names under
    ``strawberry-definition``: a coerced filter of scalars becomes that class's instance."""
    core = adapter.graphql_core_schema(build_schema())
    deal_filter = core.type_map["DealFilter"]
    assert isinstance(deal_filter, GraphQLInputObjectType)
    given = value_from_ast(parse_value('{status: "open", tags: ["vip"]}'), deal_filter, {})
    built: Any = adapter.input_object(deal_filter, given)
    assert type(built).__name__ == "DealFilter"
    assert (built.status, built.tags, built.owner_id) == ("open", ["vip"], None)
    # Nested inputs (custom field tests) are Strawberry's to convert: not built here.
    nested = dict(given, custom=[{"key": "x"}])
    assert adapter.input_object(deal_filter, nested) is None
