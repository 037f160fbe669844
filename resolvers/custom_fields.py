"""Custom fields: definitions (customFields, customFieldDefine/Update/Remove), their values on
records (read filtered by the caller's access, written after validation), and filters over them.

Definitions are read from the database once per request and kept in the request's cache only,
so that every process enforces a definition the moment it is committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import orjson
from tortoise.expressions import Q

from models import custom_field_actions
from models.access import custom_access
from models.access.policy import CUSTOM_KEY, READ, WRITE
from models.access.records import RecordAccess
from models.custom_field import OBJECTS as CUSTOM_OBJECTS
from models.custom_field import TYPES, CustomField, Patch, stored
from models.errors import BadInput, Forbidden
from models.i18n import msg
from resolvers.custom_values import clean, extract


async def definitions(cache: dict[str, Any], obj: str) -> list[CustomField]:
    key = f"custom_fields:{obj}"
    found = cache.get(key)
    if found is None:
        # The load itself is cached, not its result: the rows of a page resolve their custom
        # fields concurrently, and all of them wait for the one query.
        found = cache[key] = asyncio.ensure_future(_load(obj))
    return list(await found)


async def _load(obj: str) -> list[CustomField]:
    return list(await CustomField.filter(object=obj).order_by("position", "id"))


async def every_definition(cache: dict[str, Any]) -> list[CustomField]:
    """The definitions of every object that has custom fields (for permission matrices)."""
    return [d for obj in CUSTOM_OBJECTS for d in await definitions(cache, obj)]


def readable_values(
    access: RecordAccess, defs: Sequence[CustomField], values: Mapping[str, Any]
) -> dict[str, Any]:
    """The values of defined fields this caller may read; values of removed fields never show."""
    return {
        d.key: values[d.key]
        for d in defs
        if d.key in values and access.custom_access(d) in (READ, WRITE)
    }


def check_patch(access: RecordAccess, defs: Sequence[CustomField], patch: Any) -> Patch:
    """A client's custom values, validated and permission-checked; a None value clears one."""
    obj = access.obj
    if not isinstance(patch, Mapping):
        raise BadInput("custom is an object keyed by custom field key", field="custom")
    by_key = {d.key: d for d in defs}
    out = {}
    for key, value in patch.items():
        definition = by_key.get(key)
        if definition is None:
            raise BadInput(
                msg("No custom field '{key}' on {obj}", key=key, obj=obj), field=f"custom.{key}"
            )
        if access.custom_access(definition) != WRITE:
            raise Forbidden(
                msg("Your role may not write {obj}.custom.{key}", obj=obj, key=key),
                field=f"custom.{key}",
            )
        out[key] = clean(definition, value)
    return Patch(out)


async def record_values(
    cache: dict[str, Any], access: RecordAccess, text: str | None
) -> dict[str, Any]:
    """A record's custom values as this caller may see them."""
    return readable_values(access, await definitions(cache, access.obj), stored(text))


# Filters -----------------------------------------------------------------------------------

OPS = {"EQ": "", "NE": "not", "GT": "gt", "GTE": "gte", "LT": "lt", "LTE": "lte"}
ORDERED = ("number", "money", "date")


async def custom_filters(
    access: RecordAccess, filters: Sequence[Any] | None
) -> tuple[dict[str, Any], Q]:
    """Annotations and the Q for ``custom: [CustomFilter!]``; FORBIDDEN on an unreadable field."""
    if not filters:
        return {}, Q()
    obj = access.obj
    defs = {d.key: d for d in await CustomField.filter(object=obj)}
    annotations: dict[str, Any] = {}
    q = Q()
    for i, f in enumerate(filters):
        where = f"filter.custom.{i}"
        definition = defs.get(f.key)
        if definition is None:
            raise BadInput(msg("No custom field '{key}' on {obj}", key=f.key, obj=obj), field=where)
        if access.custom_access(definition) == custom_access.NONE:
            raise Forbidden(
                msg("Your role may not filter on {obj}.custom.{key}", obj=obj, key=f.key),
                field=where,
            )
        name = f"custom_{i}"
        annotations[name] = extract(definition)
        q &= _condition(definition, name, f.op.value, f.value, where)
    return annotations, q


def _condition(definition: CustomField, name: str, op: str, value: Any, where: str) -> Q:
    kind = definition.type
    if op == "IS_SET":
        if not isinstance(value, bool):
            raise BadInput("IS_SET takes true or false", field=where)
        is_set: dict[str, Any] = {f"{name}__isnull": not value}
        return Q(**is_set)
    if op == "CONTAINS":
        if kind == "text" and isinstance(value, str):
            return Q(**{f"{name}__icontains": value})
        if kind == "multiselect" and isinstance(value, str):
            return Q(**{f"{name}__contains": orjson.dumps(value).decode()})
        raise BadInput("CONTAINS takes text on text and multiselect fields", field=where)
    if op in ("GT", "GTE", "LT", "LTE") and kind not in ORDERED:
        raise BadInput(msg("{op} needs a number, money or date field", op=op), field=where)
    if kind == "multiselect":
        raise BadInput("Filter multiselect fields with CONTAINS", field=where)
    if kind == "money":
        value = value.get("amount") if isinstance(value, dict) else value
        operand: Any = _number(value, where)
    elif kind == "number":
        operand = _number(value, where)
    else:
        operand = clean(definition, value)
    suffix = OPS[op]
    if suffix == "not":
        unset: dict[str, Any] = {f"{name}__isnull": True}
        return ~Q(**{name: operand}) | Q(**unset)
    return Q(**{f"{name}__{suffix}" if suffix else name: operand})


def _number(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadInput("Compare with a number", field=where)
    try:
        return Decimal(str(value))
    except ArithmeticError as exc:
        raise BadInput("Compare with a number", field=where) from exc


# Definitions -------------------------------------------------------------------------------


async def define(
    access: RecordAccess,
    obj: str,
    key: str,
    label: str,
    kind: str,
    options: list[str] | None,
    sensitive: bool,
) -> CustomField:
    access.require("create")  # access to customField
    if not CUSTOM_KEY.match(key):
        raise BadInput("A key is a-z, 0-9 and _, starting with a letter, at most 40", field="key")
    if kind not in TYPES:
        raise BadInput(msg("type is one of {types}", types=", ".join(TYPES)), field="type")
    values: dict[str, Any] = {
        "label": custom_field_actions.label(label),
        "options": custom_field_actions.options(kind, options),
        "sensitive": sensitive,
    }
    return await custom_field_actions.define(obj, key, kind, values, access.user_id)


async def change(
    access: RecordAccess, pk: int, changes: Mapping[str, Any], expected_version: int | None
) -> CustomField:
    access.require("update")  # access to customField
    return await custom_field_actions.change(pk, changes, expected_version, access.user_id)


async def remove(access: RecordAccess, pk: int) -> bool:
    """The definition goes; values stay in the records' JSON but are never shown, filtered or
    exported again (only defined keys are), so a removal is cheap and can be undone by defining
    the key again with the same type."""
    access.require("delete")  # access to customField
    await custom_field_actions.remove(pk, access.user_id)
    return True
