"""Create, update and delete for owned records, with every access check before anything is written.

Order of checks: the operation; each field the input sets (write permission); each referenced
record (must be visible to the caller); the row's write scope before and after the change
(nobody moves a record out of their own reach without 'assign'); then the optimistic version.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from strawberry.types import Info
from strawberry.types.unset import UNSET
from tortoise.models import Model

from models import field_limits
from models.access.records import RecordAccess
from models.errors import BadInput, Forbidden
from models.global_ids import from_global_id
from models.i18n import msg
from models.record_actions import (
    AfterWrite,
    BeforeSave,
    Change,
    LockFirst,
    create_record,
    restore,
    soft_delete,
    update_record,
)
from models.records.declaration import RecordType, camel
from resolvers import custom_fields
from resolvers.context import RequestContext


@dataclass(frozen=True, slots=True)
class Column:
    """One settable input attribute: the catalogue field it writes and the column it sets."""

    attr: str
    field: str
    column: str
    convert: Callable[[Any], Any] | None = None
    # A reference to another record: (API type name, permission object, model).
    ref: tuple[str, str, type[Model]] | None = None


@dataclass(frozen=True, slots=True)
class WriteSpec:
    obj: str
    model: type[Model]
    columns: tuple[Column, ...]
    # Run on the values before they are written; raises BadInput.
    validate: Callable[[dict[str, Any]], None] = field(default=lambda values: None)
    # Values the server derives from the checked input (a deal's pipeline from its stage).
    derive: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]] | None = None
    # Event topics of a row besides its object's ("pipeline:3" for a deal).
    topics: Callable[[Any], Iterable[str]] = field(default=lambda row: ())
    move_columns: frozenset[str] = frozenset()
    # Rules over the whole row as it would be written (a task's reminder before its due time,
    # when an update sets only one of them); raises BadInput, nothing is written.
    row_rules: Callable[[Any], None] = field(default=lambda row: None)
    # Runs in the write's transaction once the row is written (automation rules).
    after: AfterWrite | None = None
    # Runs in the write's transaction on the row about to be written (models/record_actions.py).
    before_save: BeforeSave | None = None
    # Locks an update takes before its row's (models/record_actions.py LockFirst).
    lock_first: LockFirst | None = None

    def change(self, access: RecordAccess) -> Change:
        def topics(row: Any) -> list[str]:
            return [self.obj, f"{self.obj}:{row.pk}", *self.topics(row)]

        return Change(
            self.obj,
            access.user_id,
            topics,
            self.move_columns,
            access.of(self.obj).spec,
            self.after,
            self.before_save,
            self.lock_first,
        )


def declared(record: RecordType, **behaviour: Any) -> WriteSpec:
    """A declared record type's writes (models/records/): one column per field its inputs set,
    with the field's permission, conversion and reference; the declaration's rules validate."""
    columns = tuple(
        Column(
            f.input_name,
            f.permission,
            f.column or f.name,
            f.convert,
            (f.ref.type_name, f.ref.obj, f.ref.model) if f.ref is not None else None,
        )
        for f in record.writes()
    )
    return WriteSpec(record.obj, record.model, columns, record.check, **behaviour)


async def _values(info: Info[RequestContext, None], spec: WriteSpec, input: Any) -> dict[str, Any]:
    """Column -> value for what the input sets, after the field-write and reference checks."""
    access = info.context.access(spec.obj)
    present = [c for c in spec.columns if getattr(input, c.attr, UNSET) is not UNSET]
    access.check_write([c.field for c in present])
    values: dict[str, Any] = {}
    for c in present:
        value = getattr(input, c.attr)
        if c.ref is not None and value is not None:
            type_name, obj, model = c.ref
            pk = from_global_id(value, type_name, field=camel(c.attr))
            row = await info.context.loaders.of(model).load(pk)
            if not access.of(obj).visible(row):
                raise BadInput(msg("No such {obj}", obj=obj), field=camel(c.attr))
            value = pk
        elif value is not None:
            # What the column can hold (length, digits, range), from the model's declaration,
            # before any conversion can trip on it.
            field_limits.check(spec.model, c.column, value, camel(c.attr))
            if c.convert is not None:
                value = c.convert(value)
        values[c.column] = value
    patch = getattr(input, "custom", UNSET)
    if patch is not UNSET:
        defs = await custom_fields.definitions(info.context.cache, spec.obj)
        values["custom"] = custom_fields.check_patch(access, defs, patch or {})
    spec.validate(values)
    # A null the object's own rules gave no meaning (tags: null clears them to []) is refused
    # for a column that cannot hold it, rather than left to the database's constraint.
    by_column = {c.column: c for c in present}
    for column, value in values.items():
        if value is None and column in by_column:
            field_limits.check(spec.model, column, None, camel(by_column[column].attr))
    if spec.derive is not None:
        values.update(await spec.derive(values))
    return values


async def checked_values(
    info: Info[RequestContext, None], spec: WriteSpec, input: Any
) -> dict[str, Any]:
    """For writes outside create/update/delete here (pipelines): the same checks, one path."""
    return await _values(info, spec, input)


def _landing_check(access: RecordAccess, spec: WriteSpec) -> Callable[[Any], None]:
    obj = spec.obj

    def check(row: Any) -> None:
        spec.row_rules(row)
        if not access.in_scope(row, "write"):
            raise Forbidden(
                msg("The {obj} would end up outside your write scope", obj=obj),
                field="departmentId",
            )

    return check


async def create(
    info: Info[RequestContext, None],
    spec: WriteSpec,
    input: Any,
    extra: Mapping[str, tuple[str, Any]] | None = None,
    derived: Mapping[str, Any] | None = None,
) -> Any:
    """``extra``: column -> (catalogue field, value) the server sets from records it has just
    checked or made (a converted lead's new company); the field must still be writable.
    ``derived``: column -> value that are no client's choice (a comment's target, a task's
    creator), already checked by the caller."""
    access = info.context.access(spec.obj)
    access.require("create")
    values = await _values(info, spec, input)
    if extra:
        access.check_write([field for field, _ in extra.values()])
        values.update({column: value for column, (_, value) in extra.items()})
    values.update(derived or {})
    principal = access.principal
    values.setdefault("owner_id", principal.user_id)
    if values["owner_id"] is None:
        raise BadInput("A record needs an owner", field="ownerId")
    access.check_owner_assignment(values["owner_id"])
    if "department_id" not in values and principal.department_ids:
        values["department_id"] = min(principal.department_ids)
    return await create_record(
        spec.model, values, _landing_check(access, spec), spec.change(access)
    )


async def update(
    info: Info[RequestContext, None],
    spec: WriteSpec,
    input: Any,
    extra: Mapping[str, Any] | None = None,
) -> Any:
    access = info.context.access(spec.obj)
    access.require("update")
    pk = from_global_id(input.id, spec.model.__name__)
    values = await _values(info, spec, input)
    values.update(extra or {})
    if values.get("owner_id", principal_id := access.user_id) != principal_id:
        access.check_owner_assignment(values["owner_id"])
    if "owner_id" in values and values["owner_id"] is None:
        raise BadInput("A record needs an owner", field="ownerId")

    def before(row: Any) -> None:
        access.require_writable_record(row, "update")

    return await update_record(
        spec.model,
        pk,
        values,
        input.expected_version,
        spec.change(access),
        check_before=before,
        check_after=_landing_check(access, spec) if not access.can("assign") else spec.row_rules,
    )


async def delete(info: Info[RequestContext, None], spec: WriteSpec, id: str) -> bool:
    access = info.context.access(spec.obj)
    access.require("delete")
    pk = from_global_id(id, spec.model.__name__)
    await soft_delete(
        spec.model,
        pk,
        lambda row: access.require_writable_record(row, "delete"),
        spec.change(access),
    )
    return True


async def undelete(info: Info[RequestContext, None], spec: WriteSpec, id: str) -> Any:
    """Restore a soft-deleted record. It takes the delete operation and the write scope: undoing
    a delete is the same power as deleting, and nobody restores what they could not delete."""
    access = info.context.access(spec.obj)
    access.require("delete")
    pk = from_global_id(id, spec.model.__name__)
    return await restore(
        spec.model,
        pk,
        lambda row: access.require_writable_record(row, "delete"),
        spec.change(access),
    )
