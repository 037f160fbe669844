"""What each column can hold, read from the models' own field declarations, and the check of a
value against it.

A CharField's ``max_length``, a DecimalField's ``max_digits``/``decimal_places``, an integer
field's range and ``null`` are declared once on the model; this module derives a :class:`Limit`
per (model, column) from Tortoise's field metadata and checks input values against it, so a
value the database would refuse (PostgreSQL) or store and then fail to read back (SQLite) is a
``BAD_USER_INPUT`` naming the field and the limit, before anything is written.

Kept apart from any mapping of API inputs to columns: callers say which column a value goes to
(the write layer, the list builder) and which API field to name in the error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from tortoise import fields
from tortoise.models import Model
from tortoise.signals import Signals

from models.errors import BadInput
from models.i18n import msg
from models.tortoise_adapter import meta

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
# Tortoise lookups a filter may append to a column ("amount__gte", "email__iexact").
_LOOKUPS = ("gte", "lte", "gt", "lt", "iexact", "exact", "contains", "icontains", "in")


@dataclass(frozen=True, slots=True)
class Limit:
    nullable: bool = True
    max_length: int | None = None
    # Digits before and after the point for a decimal column.
    integer_digits: int | None = None
    decimal_places: int | None = None
    int_range: tuple[int, int] | None = None


def _limit_of(field: fields.Field[Any]) -> Limit:
    nullable = bool(field.null)
    if isinstance(field, fields.DecimalField):
        return Limit(
            nullable,
            integer_digits=field.max_digits - field.decimal_places,
            decimal_places=field.decimal_places,
        )
    if isinstance(field, fields.CharField):
        return Limit(nullable, max_length=field.max_length)
    if isinstance(field, fields.BigIntField):
        return Limit(nullable, int_range=INT64)
    if isinstance(field, (fields.IntField, fields.SmallIntField)):
        return Limit(nullable, int_range=INT32)
    return Limit(nullable)


@cache
def limit(model: type[Model], column: str) -> Limit | None:
    """The limit of ``column`` (a column name, a foreign key's ``x_id``, or a filter lookup
    such as ``amount__gte``) on ``model``; None for a name the model does not declare."""
    name, _, lookup = column.partition("__")
    field = meta(model).fields_map.get(name)
    if field is None or (lookup and lookup not in _LOOKUPS):
        return None
    return _limit_of(field)


def check(model: type[Model], column: str, value: Any, field: str) -> None:
    """BAD_USER_INPUT naming ``field`` when ``value`` cannot be stored in ``column``."""
    lim = limit(model, column)
    if lim is None:
        check_text(value, field)
        return
    if value is None:
        if not lim.nullable:
            raise BadInput(msg("{field} cannot be null", field=field), field=field)
        return
    if isinstance(value, (list, tuple, set, frozenset)):  # an "in" filter
        for item in value:
            check(model, column, item, field)
        return
    if isinstance(value, str):
        check_text(value, field)
        if lim.max_length is not None and len(value) > lim.max_length:
            raise BadInput(
                msg(
                    "{field} is at most {max_length} characters long",
                    field=field,
                    max_length=lim.max_length,
                ),
                field=field,
            )
    elif isinstance(value, Decimal):
        check_decimal(value, field, lim.integer_digits, lim.decimal_places)
    elif isinstance(value, int) and not isinstance(value, bool) and lim.int_range is not None:
        low, high = lim.int_range
        if not low <= value <= high:
            raise BadInput(
                msg(
                    "{field} is a whole number from {low} to {high}",
                    field=field,
                    low=low,
                    high=high,
                ),
                field=field,
            )


def check_text(value: Any, field: str) -> None:
    # PostgreSQL refuses NUL in text; SQLite stores it and cuts it off on some reads.
    if isinstance(value, str) and "\x00" in value:
        raise BadInput(msg("{field} may not contain NUL characters", field=field), field=field)


def check_decimal(
    value: Decimal, field: str, integer_digits: int | None, decimal_places: int | None
) -> None:
    if not value.is_finite():
        raise BadInput(msg("{field} must be a finite number", field=field), field=field)
    if integer_digits is None or decimal_places is None:
        return
    exact = value.normalize()
    _sign, digits, exponent = exact.as_tuple()
    assert isinstance(exponent, int)  # finite
    places = max(-exponent, 0)
    whole = max(len(digits) + exponent, 0) if exact else 0
    if whole > integer_digits or places > decimal_places:
        raise BadInput(
            msg(
                "{field} has at most {integer_digits} digits before the point and "
                "{decimal_places} after it",
                field=field,
                integer_digits=integer_digits,
                decimal_places=decimal_places,
            ),
            field=field,
        )


async def _check_row(
    sender: type[Model], instance: Model, using_db: Any, update_fields: Any
) -> None:
    """pre_save: the whole row against its columns. The request layer checks each input with
    its API name first; this is the floor under writes that map inputs themselves (users,
    roles, API keys, imports...), so no such value reaches the database as an error."""
    check_row(instance, update_fields)


def check_row(instance: Model, update_fields: Any = None) -> None:
    """The pre_save check, for rows written without save() (COPY, models/bulk_rows.py)."""
    sender = type(instance)
    names = update_fields or meta(sender).fields_map.keys()
    for name in names:
        field = meta(sender).fields_map.get(name)
        if field is None or isinstance(field, fields.relational.RelationalField):
            continue
        value = getattr(instance, name, None)
        if value is not None and isinstance(value, (str, Decimal, int)):
            check(sender, name, value, _camel(name))


def check_values(model: type[Model], values: Mapping[str, Any]) -> None:
    """``check_row`` for a row given as column values, before any model instance is made (the
    import's checking pass, for rows it will COPY: models/staged_rows.py)."""
    fields_map = meta(model).fields_map
    for name, value in values.items():
        field = fields_map.get(name)
        if field is None or isinstance(field, fields.relational.RelationalField):
            continue
        if value is not None and isinstance(value, (str, Decimal, int)):
            check(model, name, value, _camel(name))


@cache
def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def guard_rows(*models: type[Model]) -> None:
    """Check every row these models save against the models' own declarations."""
    for model in models:
        model.register_listener(Signals.pre_save, _check_row)
