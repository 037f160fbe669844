"""Custom field values: validated against their definition on write, and the SQL that reads one
value out of a record's ``custom`` JSON text for filters, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlparse

from tortoise import connections
from tortoise.expressions import RawSQL

from models import currencies
from models.custom_field import CustomField
from models.errors import BadInput
from models.i18n import msg


def _money(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
        raise BadInput("Money is {amount, currency}", field=where)
    try:
        amount = Decimal(str(value["amount"]))
    except InvalidOperation as exc:
        raise BadInput("Not an amount", field=where) from exc
    currency = str(value["currency"]).upper()
    if not amount.is_finite() or currency not in currencies.codes():
        raise BadInput("Money is a finite amount and an ISO 4217 currency", field=where)
    return {"amount": str(amount), "currency": currency}


def clean(definition: CustomField, value: Any) -> Any:
    """The value as stored, or BAD_USER_INPUT naming custom.<key>. None clears the value."""
    where = f"custom.{definition.key}"
    if value is None:
        return None
    kind = definition.type
    if kind in ("text", "select", "link") and not isinstance(value, str):
        raise BadInput(msg("{where} takes a string", where=where), field=where)
    if kind == "text":
        if len(value) > 1000:
            raise BadInput("At most 1000 characters", field=where)
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadInput(msg("{where} takes a number", where=where), field=where)
        return value
    if kind == "money":
        return _money(value, where)
    if kind == "date":
        try:
            return date.fromisoformat(value).isoformat()
        except (TypeError, ValueError) as exc:
            raise BadInput(
                msg("{where} takes a date (YYYY-MM-DD)", where=where), field=where
            ) from exc
    if kind == "boolean":
        if not isinstance(value, bool):
            raise BadInput(msg("{where} takes true or false", where=where), field=where)
        return value
    if kind == "select":
        if value not in definition.options:
            raise BadInput(
                msg(
                    "{where} is one of {options}",
                    where=where,
                    options=", ".join(definition.options),
                ),
                field=where,
            )
        return value
    if kind == "multiselect":
        if not isinstance(value, list) or any(v not in definition.options for v in value):
            raise BadInput(
                msg(
                    "{where} takes options of {options}",
                    where=where,
                    options=", ".join(definition.options),
                ),
                field=where,
            )
        return [o for o in definition.options if o in value]
    # link
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(value) > 2000:
        raise BadInput(msg("{where} takes an http(s) address", where=where), field=where)
    return value


def _postgres() -> bool:
    return connections.get("default").capabilities.dialect == "postgres"


def extract(definition: CustomField) -> RawSQL:
    """One value of the record's custom JSON as an SQL expression of a comparable type.

    The key is part of the SQL text: definitions' keys match ^[a-z][a-z0-9_]*$ (checked when
    defined), so nothing a client sends at query time reaches the SQL text unbound.
    """
    key = definition.key
    assert re.fullmatch(r"[a-z][a-z0-9_]{0,39}", key)
    if _postgres():
        path = {"money": f"custom::jsonb->'{key}'->>'amount'"}.get(
            definition.type, f"custom::jsonb->>'{key}'"
        )
        if definition.type in ("number", "money"):
            return RawSQL(f"CAST({path} AS NUMERIC)")
        if definition.type == "boolean":
            return RawSQL(f"CAST({path} AS BOOLEAN)")
        if definition.type == "multiselect":
            return RawSQL(f"(custom::jsonb->'{key}')::text")
        return RawSQL(f"({path})")
    path = {"money": f"$.{key}.amount"}.get(definition.type, f"$.{key}")
    expression = f"json_extract(custom, '{path}')"
    if definition.type in ("number", "money"):
        return RawSQL(f"CAST({expression} AS REAL)")
    return RawSQL(expression)
