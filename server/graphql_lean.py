"""POST /graphql without Strawberry's per-request machinery, for the common request.

Strawberry's view and ``Schema.execute`` cost more than the work of a small request: per
request they build an execution context, one instance of each schema extension, an extension
runner with context managers around parsing, validation and execution, a middleware manager,
and look up the (cached) parse and validation through them. Profiled with `{ __typename }`
(benchmarks/floor.py), that was about half of Tandem's CPU per request.

This path does the same for a plain request (POST, ``application/json``, one operation, a
query or mutation, no ``extensions``, a document that parses and validates): the prepared
document comes from one dict lookup, then graphql-core executes it with the schema's own
executor class and the result's errors are classified as the ErrorCodes extension and
``TandemSchema.process_errors`` do. Anything else (GET, batches, uploads, streaming Accept
headers, subscriptions, a document with parse or validation errors, a missing operation) is
handed, untouched, to Strawberry's view, which produces its errors and statuses as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    OperationType,
    get_operation_ast,
    parse,
    specified_rules,
)
from graphql.pyutils import is_awaitable
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from strawberry.types import ExecutionResult

from models import fast_paths
from resolvers import strawberry_adapter as adapter
from schema.errors import classify, language_of

if TYPE_CHECKING:
    from server.graphql_view import TandemGraphQL

# Prepared documents kept, as Strawberry's ParserCache and ValidationCache keep theirs.
MAX_DOCUMENTS = 512
_PLAIN = (OperationType.QUERY, OperationType.MUTATION)


@dataclass(frozen=True, slots=True)
class Prepared:
    document: DocumentNode


def _replay(body: bytes, receive: Receive) -> Receive:
    """``receive`` for the view after the body was read here: the body, then the original."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


class LeanPost:
    def __init__(
        self,
        view: TandemGraphQL,
        *,
        max_tokens: int,
        validation_rules: tuple[type[ASTValidationRule], ...],
    ) -> None:
        self.view = view
        schema = view.schema
        self.graphql_schema = adapter.graphql_core_schema(schema)
        self.max_tokens = max_tokens
        # Strawberry's default rules, then the ones AddValidationRules adds (build_schema).
        self.rules = (*specified_rules, *validation_rules)
        self.executor_class = schema.execution_context_class  # type: ignore[attr-defined]
        self.execute: Callable[..., Any] = adapter.execute_function(schema)
        # A schema extension with a resolve hook, or custom directives, would need Strawberry's
        # middleware: then every request takes Strawberry's path.
        self.enabled = not schema.directives and not any(  # type: ignore[attr-defined]
            adapter.extension_resolves(extension)
            for extension in schema.get_extensions()  # type: ignore[attr-defined]
        )
        self._documents: dict[tuple[str, str | None], Prepared | None] = {}
        self._streaming: dict[str, bool] = {}

    def _streams(self, accept: str) -> bool:
        """Does this Accept header ask for a streamed (multipart or SSE) response?"""
        found = self._streaming.get(accept)
        if found is None:
            found = adapter.stream_transport(self.view, accept) is not None
            if len(self._streaming) < 64:
                self._streaming[accept] = found
        return found

    def prepared(self, query: str, operation_name: str | None) -> Prepared | None:
        key = (query, operation_name)
        try:
            return self._documents[key]
        except KeyError:
            pass
        found = self._prepare(query, operation_name)
        if len(self._documents) >= MAX_DOCUMENTS:
            del self._documents[next(iter(self._documents))]
        self._documents[key] = found
        return found

    def _prepare(self, query: str, operation_name: str | None) -> Prepared | None:
        """A document that will execute, or None: Strawberry's path reports what is wrong."""
        try:
            document = parse(query, max_tokens=self.max_tokens)
        except Exception:  # a parse error, or too many tokens
            return None
        if adapter.validate_document(self.graphql_schema, document, self.rules):
            return None
        operation = get_operation_ast(document, operation_name)
        if operation is None or operation.operation not in _PLAIN:
            return None
        return Prepared(document)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> Receive | None:
        """Answer the request, or return the ``receive`` to hand it to Strawberry with."""
        request = Request(scope, receive)
        headers = request.headers
        content_type = headers.get("content-type", "")
        if content_type.partition(";")[0].strip().lower() != "application/json":
            return receive
        accept = headers.get("accept", "")
        body = await request.body()
        if self._streams(accept):
            return _replay(body, receive)
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            return _replay(body, receive)
        if type(data) is not dict:
            return _replay(body, receive)
        query = data.get("query")
        variables = data.get("variables")
        operation_name = data.get("operationName")
        if (
            type(query) is not str
            or not (variables is None or type(variables) is dict)
            or not (operation_name is None or type(operation_name) is str)
            or data.get("extensions") is not None
        ):
            return _replay(body, receive)
        prepared = self.prepared(query, operation_name)
        if prepared is None:
            return _replay(body, receive)

        view = self.view
        sub_response = Response()
        sub_response.status_code = None  # type: ignore[assignment]
        del sub_response.headers["content-length"]
        context = await view.get_context(request, sub_response)
        result = await self._execute(prepared, context, variables, operation_name)
        response_data = await view.process_result(request, result)
        response = view.respond(response_data, sub_response, accept)
        await response(scope, receive, send)
        fast_paths.took(fast_paths.LEAN_POST)
        return None

    async def _execute(
        self,
        prepared: Prepared,
        context: Any,
        variables: dict[str, Any] | None,
        operation_name: str | None,
    ) -> ExecutionResult:
        schema: Any = self.view.schema
        try:
            outcome = self.execute(
                self.graphql_schema,
                prepared.document,
                root_value=None,
                variable_values=variables,
                operation_name=operation_name,
                context_value=context,
                is_awaitable=adapter.is_awaitable,
                executor_class=self.executor_class,
                operation_extensions=None,
            )
            if is_awaitable(outcome):
                outcome = await outcome
        except Exception as exc:  # as Schema.execute: a result with the error, not a 500
            error = (
                exc if isinstance(exc, GraphQLError) else GraphQLError(str(exc), original_error=exc)
            )
            adapter.process_errors(schema, [error])
            return ExecutionResult(data=None, errors=[error])
        errors = outcome.errors
        if errors:
            # Schema.execute runs process_errors, then the ErrorCodes extension classifies.
            adapter.process_errors(schema, errors)
            errors = [classify(e, language_of(context)) for e in errors]
        return ExecutionResult(data=outcome.data, errors=errors)
