"""One mapping from exceptions to GraphQL errors with ``extensions.code``.

Domain errors keep their message and code; GraphQL's own parse and validation errors get a code;
anything else is masked (no stack, no SQL) and logged once, server side.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from models.errors import DomainError

log = logging.getLogger("tandem.errors")

MASKED_MESSAGE = "Internal server error"


def classify(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, DomainError):
        return GraphQLError(
            original.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=original,
            extensions={"code": original.code, **original.extensions},
        )
    if original is None:
        # Raised by graphql-core itself: a syntax error, a failed validation rule, a bad variable.
        if error.extensions and "code" in error.extensions:
            return error
        code = "GRAPHQL_PARSE_FAILED" if "Syntax Error" in error.message else "BAD_USER_INPUT"
        if error.path is None and code == "BAD_USER_INPUT" and not _is_variable_error(error):
            code = "GRAPHQL_VALIDATION_FAILED"
        return GraphQLError(
            error.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={**(error.extensions or {}), "code": code},
        )
    log.error("unexpected error at %s", error.path, exc_info=original)
    return GraphQLError(
        MASKED_MESSAGE,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": "INTERNAL_SERVER_ERROR"},
    )


def _is_variable_error(error: GraphQLError) -> bool:
    return error.message.startswith("Variable '$")


class ErrorCodes(SchemaExtension):
    """Rewrites every error of a result through :func:`classify`."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [classify(e) for e in errors]
