"""GraphQL inputs derived from record declarations (models/records/): a
record's create and update inputs, its filter and its closed sort enum with the order
input. What a declaration says once is spelled here for Strawberry; a field added to a
declaration appears in each of them with no other edit.

Names follow the API's conventions: inputs use the field's snake-case attribute (`lost_reason`,
`stage_id` for a reference), filters `<field>` (equal), `<field>_gte`/`_lte` (range) and
`<field>_id` (reference), sort values the field's own name.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON

from models.records.declaration import Field, RecordType, snake
from resolvers.api.custom_fields import CustomFilter
from resolvers.api.sorting import SortDirection

CUSTOM_INPUT_DOC = "Custom values by key; null clears one"
CUSTOM_FILTER_DOC = "Custom field tests, all of which must hold"
CUSTOM_SORT_DOC = "A custom field: name it in customKey"
CUSTOM_KEY_DOC = "With field CUSTOM: the key of the custom field to sort on"

SCALARS: dict[str, Any] = {
    "text": str,
    "int": int,
    "bigint": int,
    "decimal": Decimal,
    "bool": bool,
    "date": date,
    "datetime": datetime,
    "ref": strawberry.ID,
    "list": list[str],
    "strings": list[str],
}
# Input types for field types that are an input object of their own (a contact's consent).
Inputs = dict[str, Any] | None


@dataclasses.dataclass(frozen=True, slots=True)
class Attr:
    """One attribute of a generated input: its Python name, type, default (none when
    required) and description."""

    name: str
    annotation: Any
    default: Any = None
    description: str | None = None
    required: bool = False


def _build(name: str, attrs: list[Attr], description: str | None = None) -> type:
    namespace: dict[str, Any] = {"__annotations__": {}, "__module__": __name__}
    for attr in attrs:
        namespace["__annotations__"][attr.name] = attr.annotation
        if attr.description is not None:
            kwargs = {} if attr.required else {"default": attr.default}
            namespace[attr.name] = strawberry.field(description=attr.description, **kwargs)
        elif not attr.required:
            namespace[attr.name] = attr.default
    return strawberry.input(type(name, (), namespace), name=name, description=description)


def create_input(
    record: RecordType, name: str, *, inputs: Inputs = None, extra: tuple[Attr, ...] = ()
) -> type:
    """Required fields first (no default), then every other settable field, unset by default."""
    settable = [f for f in record.writes() if f.create]
    required = [_setting(f, inputs, required=True) for f in settable if f.required]
    optional = [_setting(f, inputs) for f in settable if not f.required]
    return _build(name, [*required, *optional, *extra, *_custom_input(record)])


def update_input(
    record: RecordType, name: str, *, inputs: Inputs = None, extra: tuple[Attr, ...] = ()
) -> type:
    """The record's id and expected version, then every updatable field, unset by default."""
    changes = [_setting(f, inputs) for f in record.writes() if f.update]
    key = [Attr("id", strawberry.ID, required=True), Attr("expected_version", int | None, None)]
    return _build(name, [*key, *changes, *extra, *_custom_input(record)])


def _setting(declared: Field, inputs: Inputs, *, required: bool = False) -> Attr:
    """How an input sets one field: its value as given, or null to clear it (unset: left)."""
    value = inputs.get(declared.type) if inputs else None
    value = value or SCALARS[declared.type]
    if required:
        return Attr(declared.input_name, value, description=declared.input_doc, required=True)
    return Attr(declared.input_name, value | None, UNSET, declared.input_doc)


def _custom_input(record: RecordType) -> list[Attr]:
    return [Attr("custom", JSON | None, UNSET, CUSTOM_INPUT_DOC)] if record.custom else []


def filter_input(record: RecordType, name: str) -> type:
    """Search, then one test per filterable field in declaration order, then the record's own
    filters, custom field tests and the creation time."""
    attrs: list[Attr] = []
    if any(f.search for f in record):
        attrs.append(Attr("search", str | None, None, record.search_doc))
    for declared in record:
        attrs.extend(_filter_attrs(declared))
    for extra in record.extra_filters:
        attrs.append(Attr(extra.name, extra.type | None, None, extra.description))
    if record.custom:
        attrs.append(Attr("custom", list[CustomFilter] | None, None, CUSTOM_FILTER_DOC))
    if record.owned:
        attrs.append(Attr("created_after", datetime | None, None))
    return _build(name, attrs)


def _filter_attrs(declared: Field) -> list[Attr]:
    key = snake(declared.name)
    match declared.filter:
        case None:
            return []
        case "eq" | "iexact":
            value = bool if declared.type == "consent" else SCALARS[declared.type]
            return [Attr(key, value | None, None, declared.filter_doc)]
        case "range":
            value = SCALARS[declared.type]
            return [Attr(f"{key}_gte", value | None, None), Attr(f"{key}_lte", value | None, None)]
        case "ref":
            return [Attr(f"{key}_id", strawberry.ID | None, None, declared.filter_doc)]
        case _:  # "tags"
            return [Attr(key, list[str] | None, None, declared.filter_doc)]


def sort_enum(record: RecordType, name: str) -> type[Enum]:
    """A closed enum of what the list sorts by: sortable fields, timestamps, CUSTOM."""
    values: dict[str, Any] = {
        _constant(f.name): f.name for f in record if f.sort and f.column is not None
    }
    values.update(CREATED_AT="createdAt", UPDATED_AT="updatedAt")
    if record.custom:
        values["CUSTOM"] = strawberry.enum_value("custom", description=CUSTOM_SORT_DOC)
    closed: type[Enum] = Enum(name, values)  # type: ignore[misc]
    return strawberry.enum(closed, name=name)


def order_input(record: RecordType, name: str, field_enum: type[Enum]) -> type:
    attrs = [
        Attr("field", field_enum, required=True),
        Attr("direction", SortDirection, SortDirection[record.order_direction]),
    ]
    if record.custom:
        attrs.append(Attr("custom_key", str | None, None, CUSTOM_KEY_DOC))
    return _build(name, attrs)


def _constant(name: str) -> str:
    return snake(name).upper()


def list_inputs(record: RecordType) -> tuple[type, type[Enum], type]:
    """`<Type>Filter`, `<Type>SortField` and `<Type>Order` of a declared record type."""
    name = record.type_name
    field_enum = sort_enum(record, f"{name}SortField")
    return (
        filter_input(record, f"{name}Filter"),
        field_enum,
        order_input(record, f"{name}Order", field_enum),
    )
