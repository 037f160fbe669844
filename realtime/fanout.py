"""What one subscriber may see of one event: row scope per subscriber, redaction per role.

Both are asked of the subscriber's access to the event's record type (models/access/records.py):
its row scope (``in_scope_values``, the same rule as for a row read from the database) and its
grant; this module only shapes the event's record from the readable columns.

Redaction (which columns survive, which changed fields may be named) depends only on the role's
policy, so it is computed once per policy per event and shared by every subscriber holding that
role. Scope depends on the subscriber (own records, own departments) and is a comparison of two
ids, done per subscriber.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise import Tortoise
from tortoise.models import Model

from models.access import custom_access
from models.access.catalogue import CATALOGUE, ObjectSpec
from models.access.custom_access import NONE
from models.access.policy import ObjectGrant
from models.access.records import RecordAccess
from models.events import CREATED, DELETED, Envelope
from models.outbox import BEFORE_KEY, CUSTOM_KEY
from models.records import DECLARED
from models.tortoise_adapter import from_row, meta

SYSTEM_COLUMNS = frozenset({"id", "version", "created_at", "updated_at", "deleted_at"})


# Columns that belong to a field without being its own column (a deal's currency is part of
# its amount and cost; a change to amount or cost changes the derived margin): declared with
# each record type's fields (Field.events, models/records/).
def _declared_column_fields() -> dict[str, dict[str, tuple[str, ...]]]:
    mapping: dict[str, dict[str, tuple[str, ...]]] = {}
    for record in DECLARED.values():
        by_column: dict[str, list[str]] = {}
        for declared in record.catalogued():
            for column in declared.event_columns():
                by_column.setdefault(column, []).append(declared.name)
        mapping[record.obj] = {column: tuple(names) for column, names in by_column.items()}
    return mapping


# Stage changes are heard as changes of their pipeline's stages (models/pipeline_actions.py).
COLUMN_FIELDS: dict[str, dict[str, tuple[str, ...]]] = _declared_column_fields()


@dataclass(frozen=True, slots=True)
class View:
    # The record as the role may see it: unreadable columns are None. None for deletions.
    record: Model | None
    changed: list[str]


def _fields_of_column(spec: ObjectSpec, column: str) -> tuple[str, ...]:
    special = COLUMN_FIELDS.get(spec.name, {}).get(column)
    if special is not None:
        return special
    return tuple(f.name for f in spec.fields.values() if f.column == column)


def model_of(spec: ObjectSpec) -> type[Model]:
    # A declared type names its model (the Order type is kept in SalesOrder); the others are
    # named as their type.
    declared = DECLARED.get(spec.name)
    return declared.model if declared is not None else Tortoise.apps["tandem"][spec.type_name]


@dataclass(slots=True)
class _Definition:
    key: str
    sensitive: bool


def _readable_custom(envelope: Envelope, spec: ObjectSpec, grant: ObjectGrant) -> set[str]:
    """The changed custom fields (custom.<key>) this role may read."""
    sensitivity = envelope.values.get(CUSTOM_KEY) or {}
    out = set()
    for column in envelope.changed:
        if not column.startswith("custom."):
            continue
        key = column.removeprefix("custom.")
        sensitive = sensitivity.get(key)
        if sensitive is None:
            continue  # the field was removed meanwhile: nobody reads it
        if custom_access.access(grant, spec.name, _Definition(key, sensitive)) != NONE:
            out.add(column)
    return out


def _redact(envelope: Envelope, spec: ObjectSpec, grant: ObjectGrant) -> View:
    changed = sorted(
        {
            name
            for column in envelope.changed
            for name in _fields_of_column(spec, column)
            if name in grant.readable
        }
        | _readable_custom(envelope, spec, grant)
    )
    if envelope.kind == DELETED:
        return View(None, changed)
    model = model_of(spec)
    fields_map = meta(model).fields_map
    readable_columns = set(SYSTEM_COLUMNS)
    for name in grant.readable:
        column = spec.fields[name].column
        if column is not None:
            readable_columns.add(column)
    if "linkedRecord" in grant.readable:
        readable_columns.add("target_type")  # which table target_id points into
    if grant.readable & {"amount", "cost", "price"}:
        readable_columns.add("currency")
    values: dict[str, Any] = {}
    for column, raw in envelope.values.items():
        field = fields_map.get(column)
        if field is None:
            continue
        # Scope needs owner and department even when the role may not read them; the field
        # guard still refuses them on output.
        keep = column in readable_columns or column in (
            "owner_id",
            "department_id",
            spec.assignee_column,
        )
        values[column] = field.to_python_value(raw) if keep else None
    return View(from_row(model, values), changed)


# A record the subscriber saw before the change and may no longer see (reassigned, moved to
# another department): told so, with nothing of the record (subscriptions send LEFT_VIEW).
LEFT_VIEW = View(None, [])


def view_for(access: RecordAccess, envelope: Envelope) -> View | None:
    """The event as this subscriber may see it, or None if it must not hear of it at all.
    ``access``: the subscriber's access to the event's record type (``envelope.object``)."""
    spec = CATALOGUE.objects.get(envelope.object)
    if spec is None or not access.can("read"):
        return None
    # Personal records (notifications) reach their recipient and nobody else.
    if spec.recipient_column is not None and not access.in_scope_values(envelope.values):
        return None
    key = id(access.policy)
    view: View | None = envelope.views.get(key)
    if view is None:
        view = envelope.views[key] = _redact(envelope, spec, access.grant)
    if spec.owned:
        now_in = access.in_scope_values(envelope.values)
        before = envelope.values.get(BEFORE_KEY)
        was_in = access.in_scope_values(before) if before is not None else now_in
        if not now_in:
            return LEFT_VIEW if was_in and envelope.kind not in (CREATED, DELETED) else None
        if not was_in:
            return view  # it entered the subscriber's view: sent whatever changed
    if envelope.kind != DELETED and envelope.kind != CREATED and not view.changed:
        return None  # an update the subscriber cannot see any part of
    return view


def record_visible(access: RecordAccess, envelope: Envelope) -> bool:
    """Whether the subscriber may see the record an event is about, after the change (deleted
    records are seen by nobody). Used to follow a record others' events depend on.
    ``access``: the subscriber's access to ``envelope.object``."""
    spec = CATALOGUE.objects.get(envelope.object)
    if spec is None or envelope.kind == DELETED or not access.can("read"):
        return False
    if not spec.owned:
        return True
    return access.in_scope_values(envelope.values)
