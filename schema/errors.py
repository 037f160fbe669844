"""One mapping from exceptions to GraphQL errors with ``extensions.code``.

Domain errors keep their code; their message is translated into the caller's language
(``context.language``: their own, else Accept-Language, else English; docs/architecture.md,
"Languages"); GraphQL's own parse and validation errors get a code;
anything else is masked (no stack, no SQL) and logged once, server side.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from tortoise.exceptions import ValidationError

from models.errors import DomainError
from models.i18n import DEFAULT, N_, render

log = logging.getLogger("tandem.errors")

MASKED_MESSAGE = N_("Internal server error")
# graphql-core's message for a refused variable value names the variable and the path in it.
_VARIABLE_PATH = re.compile(r"^Variable '\$(\w+)' has invalid value(?: at ([\w.\[\]]+))?:")


def _rewrite(
    error: GraphQLError,
    message: str,
    extensions: dict[str, object],
    original: Exception | None = None,
) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=original,
        extensions=extensions,
    )


def _core_error_code(error: GraphQLError) -> str:
    """The code of an error raised by graphql-core itself (no original exception)."""
    if "Syntax Error" in error.message:
        return "GRAPHQL_PARSE_FAILED"
    if error.path is None and not error.message.startswith("Variable '$"):
        return "GRAPHQL_VALIDATION_FAILED"
    return "BAD_USER_INPUT"  # a bad or missing variable value


def language_of(context: object) -> str:
    """The language the request's caller reads (resolvers/context.py); English without one."""
    return str(getattr(context, "language", DEFAULT))


def classify(error: GraphQLError, language: str = DEFAULT) -> GraphQLError:
    original = error.original_error
    if isinstance(original, DomainError):
        message = original.localized(language)
        return _rewrite(error, message, {"code": original.code, **original.extensions}, original)
    # graphql-core wraps its own coercion errors (a variable's bad enum value) as the original.
    if original is None or isinstance(original, GraphQLError):
        where = _VARIABLE_PATH.match(error.message)
        if error.extensions and "code" in error.extensions and not where:
            return error
        extensions: dict[str, object] = {
            "code": _core_error_code(error),
            **(error.extensions or {}),
        }
        if where and extensions["code"] == "BAD_USER_INPUT":
            # Name the refused input as the write layer does: "input.amount", "ids[2]".
            extensions["field"] = where.group(1) + (where.group(2) or "")
        return _rewrite(error, error.message, extensions)
    if isinstance(original, ValidationError):
        # Tortoise refused a value before any SQL (a length or range its field declares). The
        # validation layer should have named the field first: log it so the gap gets closed.
        log.warning("value refused by the ORM at %s: %s", error.path, original)
        message = render(N_("A value does not fit its field"), language)
        return _rewrite(error, message, {"code": "BAD_USER_INPUT"}, original)
    log.error("unexpected error at %s", error.path, exc_info=original)
    return _rewrite(error, render(MASKED_MESSAGE, language), {"code": "INTERNAL_SERVER_ERROR"})


class ErrorCodes(SchemaExtension):
    """Rewrites every error of a result through :func:`classify`."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            language = language_of(self.execution_context.context)
            result.errors = [classify(e, language) for e in errors]
