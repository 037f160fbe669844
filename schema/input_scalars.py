"""Checks every text and decimal argument passes, whatever field or input type carries it.

GraphQL coerces each argument and variable through its scalar, so a check here covers every
query, mutation and subscription, signed in or not, on every HTTP path and over WebSocket:
- text (String, and ID which is text): no NUL character (PostgreSQL refuses it, SQLite stores
  it), nothing else; length limits depend on the column and are the write layer's and the list
  builder's (models/field_limits.py);
- Decimal: a finite number (``NaN``, ``sNaN``, ``Infinity`` are refused; ``sNaN`` would raise
  on the first comparison). Digits per column are checked against the column's declaration.

A refused value is a GraphQLError with code BAD_USER_INPUT; for a variable, schema/errors.py
names the variable path (``input.amount``) in ``extensions.field``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLID, GraphQLScalarType, GraphQLString

_BAD = {"code": "BAD_USER_INPUT"}


def _refuse(message: str) -> GraphQLError:
    return GraphQLError(message, extensions=dict(_BAD))


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise _refuse("Text may not contain NUL characters")
    return value


def _guarded(scalar: GraphQLScalarType) -> None:
    """Wrap the built-in scalar's input coercion (values and literals) with the NUL check.
    graphql-core's String and ID are shared, reserved types (a schema cannot redefine them), so
    they are wrapped in place, once."""
    if getattr(scalar, "_tandem_guarded", False):
        return
    target: Any = scalar  # graphql-core types these hooks as methods
    value: Callable[[Any], Any] = target.coerce_input_value
    literal: Callable[..., Any] = target.coerce_input_literal

    def coerce_value(raw: Any) -> Any:
        return _no_nul(value(raw))

    def coerce_literal(node: Any, *args: Any) -> Any:
        return _no_nul(literal(node, *args))

    target.coerce_input_value = coerce_value
    target.parse_value = coerce_value
    target.coerce_input_literal = coerce_literal
    target._tandem_guarded = True


def install_text_guards() -> None:
    _guarded(GraphQLString)
    _guarded(GraphQLID)


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise _refuse("A decimal is a number or a string of one")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise _refuse(f"Not a decimal number: {str(raw)[:40]!r}") from None
    if not value.is_finite():
        raise _refuse("A decimal must be a finite number (not NaN or Infinity)")
    return value


DecimalScalar = strawberry.scalar(
    name="Decimal",
    description="Decimal (fixed-point)",
    serialize=str,
    parse_value=_decimal,
)

SCALAR_OVERRIDES: dict[object, Any] = {Decimal: DecimalScalar}
