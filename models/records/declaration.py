"""A record type declared once: every field with its type, limits, permission key, and what the
API may do with it (set, filter, sort, search, export, hear in events).

Everything else is derived from a declaration: the permission catalogue entry
(models/access/catalogue.py), the list spec (resolvers/list_specs.py), the write spec's
columns and input rules (resolvers/record_writes.py), the GraphQL type's plain fields, the
create/update/filter/order inputs (resolvers/api/declared_inputs.py), export columns
(exports/columns.py) and the event column map (realtime/fanout.py). Length, precision and range
come from the Tortoise column (models/field_limits.py), so the model stays the one place a
column's shape is written.

Plain Python, no GraphQL: domain code reads declarations too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tortoise.models import Model

from models.department import Department
from models.errors import BadInput
from models.i18n import msg
from models.user import User

OPERATIONS = ("create", "read", "update", "delete", "export", "assign")
RECORD_SYSTEM = frozenset({"id", "version", "createdAt", "updatedAt"})

# How a field's value is typed in the API. "ref" is an id of another record (input `<name>Id`);
# "list" a list of strings stored as JSON text; "strings" one stored in a JSON column;
# "consent" a flag with its time and source; "computed" has no column of its own (its GraphQL
# field is written by hand).
TYPES = (
    "text",
    "int",
    "bigint",
    "decimal",
    "bool",
    "date",
    "datetime",
    "ref",
    "list",
    "consent",
    "strings",
    "computed",
)
# How a list may be filtered by a field: equal; equal ignoring case; >= and <= bounds (inputs
# `<name>Gte`, `<name>Lte`); by a referenced record's id (`<name>Id`); any of several tags.
FILTERS = ("eq", "iexact", "range", "ref", "tags")


@dataclass(frozen=True, slots=True)
class Ref:
    """The record a "ref" field points at: its API type, the permission object that guards it,
    its model, and whether it has row scope (then a filter by it matches only visible ones)."""

    type_name: str
    obj: str
    model: type[Model]
    scoped: bool = False


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    column: str | None = None
    type: str = "text"
    # --- permissions (the catalogue entry) ---
    # Personal or financial data: the Read-only template never gets these.
    sensitive: bool = False
    # Clients may set it (create/update inputs); otherwise the server derives it.
    writable: bool = True
    # Fields whose values this one reveals (margin = amount - cost).
    reveals: tuple[str, ...] = ()
    # A write-only companion of another field, checked with that field's permission (a deal's
    # currency belongs to its amount): not a field of its own in the catalogue or the type.
    grant: str | None = None
    # --- writes ---
    # Needed on create and never cleared.
    required: bool = False
    # An explicit null is refused on update (the column has a default, not a "none" meaning).
    clearable: bool = True
    # What an explicit null stores instead (a NOT NULL column that may be empty: "" for text,
    # "[]" for a list kept as JSON text); EMPTY_UNSET: a null is stored as null.
    empty: Any = None
    choices: tuple[str, ...] = ()
    # Normalises and checks one value; raises BadInput naming the field.
    convert: Callable[[Any], Any] | None = None
    ref: Ref | None = None
    create: bool = True
    update: bool = True
    # --- lists, exports, events ---
    filter: str | None = None
    filter_doc: str | None = None
    sort: bool = False
    search: bool = False
    export: bool = True
    # Columns whose change is a change of this field (events); default: its own column.
    events: tuple[str, ...] | None = None
    # A plain field of the GraphQL type, generated from this line; False where the type
    # writes the field by hand (relations, money, computed values).
    plain: bool = True
    description: str | None = None
    # Said of the field in create and update inputs (what a client may send).
    input_doc: str | None = None

    @property
    def input_name(self) -> str:
        """The attribute of create/update inputs (snake case; "Id" appended for references)."""
        return snake(self.name) + ("_id" if self.type == "ref" else "")

    @property
    def input_field(self) -> str:
        """The same attribute as the API spells it (errors name it): `stageId`, `lastName`."""
        return self.name + ("Id" if self.type == "ref" else "")

    @property
    def permission(self) -> str:
        return self.grant or self.name

    def event_columns(self) -> tuple[str, ...]:
        if self.events is not None:
            return self.events
        return (self.column,) if self.column else ()


@dataclass(frozen=True, slots=True)
class Extra:
    """A list filter a field's kind cannot express (a task's `overdue`): the input name, its
    Python type, the catalogue field it tests, a Tortoise lookup or a builder."""

    name: str
    type: Any
    field: str | None
    lookup: str
    build: Callable[[Any], Any] | None = None
    description: str | None = None


@dataclass(frozen=True)
class RecordType:
    obj: str
    type_name: str
    model: type[Model]
    fields: tuple[Field, ...]
    operations: tuple[str, ...] = OPERATIONS
    # Owned records have owner + department (declared for them) and the own/department scopes.
    owned: bool = True
    system: frozenset[str] = RECORD_SYSTEM
    assignee_column: str | None = None
    # Personal records (notifications): only the user this column names ever sees a row.
    recipient_column: str | None = None
    # Custom field values (models/custom_field.py): a `custom` input, filter and sort.
    custom: bool = False
    # Lists of it take a filter (comments are listed per record, unfiltered).
    filterable: bool = True
    search_doc: str | None = None
    # (catalogue field or system field, "ASC" | "DESC")
    default_sort: tuple[tuple[str, str], ...] = (("createdAt", "DESC"),)
    # The direction an order input takes when the client names none.
    order_direction: str = "ASC"
    extra_filters: tuple[Extra, ...] = ()
    # Rules over the whole input (a deal's status and close time, consent evidence); run after
    # the per-field checks, on the values about to be written; raise BadInput.
    rules: Callable[[dict[str, Any]], None] | None = None
    _by_name: Mapping[str, Field] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Ownership a declaration spells out itself (read-only, say) replaces the default.
        names = {f.name for f in self.fields}
        owned = tuple(f for f in OWNERSHIP if f.name not in names) if self.owned else ()
        all_fields = self.fields + owned
        object.__setattr__(self, "fields", all_fields)
        object.__setattr__(self, "_by_name", {f.name: f for f in all_fields})
        for declared in all_fields:
            if declared.type not in TYPES:
                raise ValueError(f"{self.obj}.{declared.name}: unknown type {declared.type}")
            if declared.filter is not None and declared.filter not in FILTERS:
                raise ValueError(f"{self.obj}.{declared.name}: unknown filter {declared.filter}")

    def __getitem__(self, name: str) -> Field:
        return self._by_name[name]

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def catalogued(self) -> Iterator[Field]:
        """The fields a role is granted: all but write-only companions."""
        return (f for f in self.fields if f.grant is None)

    def writes(self) -> Iterator[Field]:
        """The fields create or update inputs set, each to its column."""
        return (
            f
            for f in self.fields
            if f.writable
            and f.column is not None
            and f.type != "computed"
            and (f.create or f.update)
        )

    def with_field(self, added: Field) -> RecordType:
        """This declaration with one more field (before ownership): for tests and extensions."""
        own = tuple(f for f in self.fields if f not in OWNERSHIP)
        return replace(self, fields=(*own, added))

    def check(self, values: dict[str, Any]) -> None:
        """Per-field rules on input values keyed by column: requiredness, explicit nulls,
        choices. Conversions have already run (resolvers/record_writes.py)."""
        for declared in self.writes():
            column, name = declared.column, declared.input_field
            if column not in values:
                continue
            value = values[column]
            if value is None:
                if declared.empty is not None:
                    values[column] = (
                        declared.empty() if callable(declared.empty) else declared.empty
                    )
                elif declared.required or not declared.clearable:
                    raise BadInput(msg("{name} cannot be cleared", name=name), field=name)
                continue
            if declared.required and isinstance(value, str) and not value.strip():
                raise BadInput(msg("{name} must not be empty", name=name), field=name)
            if declared.choices and value not in declared.choices:
                raise BadInput(
                    msg(
                        "{name} is one of {choices}", name=name, choices=", ".join(declared.choices)
                    ),
                    field=name,
                )
        if self.rules is not None:
            self.rules(values)


def snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def camel(attr: str) -> str:
    """The API's name of a snake-case attribute (`stage_id` -> `stageId`), as errors name it."""
    head, *rest = attr.split("_")
    return head + "".join(part.title() for part in rest)


USER = Ref("User", "user", User)
DEPARTMENT = Ref("Department", "department", Department)
# Every owned record's owner and department: the axes of the own/department scopes.
OWNERSHIP = (
    Field("owner", "owner_id", "ref", ref=USER, filter="ref", plain=False),
    Field("department", "department_id", "ref", ref=DEPARTMENT, filter="ref", plain=False),
)
