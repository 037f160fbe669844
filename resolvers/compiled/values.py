"""A column's JSON value (as PostgreSQL or SQLite writes it) back as the Python value a model row
holds, then as the scalar's serialization: what the plain path shows and encodes in cursors."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tortoise.models import Model

from models.tortoise_adapter import meta
from resolvers.compiled.items import Convert


def python_value(model: type[Model], column: str) -> Convert:
    """The JSON value of ``column`` back as the Python value a model row holds (the value the
    plain path shows and encodes in cursors)."""
    kind = meta(model).fields_map[column]
    name = type(kind).__name__
    if name == "DatetimeField":
        return lambda v: None if v is None else kind.to_python_value(_datetime(v))
    if name == "DateField":
        return lambda v: None if v is None else date.fromisoformat(v[:10])
    if name in ("DecimalField", "BooleanField"):
        return lambda v: None if v is None else kind.to_python_value(v)
    return same


def _datetime(value: str) -> datetime:
    # SQLite keeps "2026-01-02 03:04:05+00:00", PostgreSQL's JSON "2026-01-02T03:04:05+00:00".
    return datetime.fromisoformat(value)


def same(value: Any) -> Any:
    """The value as it is (a column whose JSON value is already the row's)."""
    return value


def converter(model: type[Model], column: str, scalar: Any) -> Convert | None:
    """The JSON value to the response value; None when it already is it (text, integers)."""
    to_python = python_value(model, column)
    serialize = scalar.serialize
    if to_python is same and scalar.name in ("String", "Int"):
        return None
    return lambda v: None if v is None else serialize(to_python(v))
