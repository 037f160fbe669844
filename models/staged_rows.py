"""New records written from their column values, without a model object per row.

The contact import's checking pass stages each good row as the columns contactCreate would write
and runs the row guard on them there (resolvers/import_run.py). Turning each staged row back
into a model instance, then into driver values, an audit snapshot and event values field by
field was most of the writing pass's Python work (cProfile, 100,000 rows on PostgreSQL: 31 s of
the profiled 92, against 29 s for checking every row). Yet a batch's rows differ only in the
columns the file set and in their ids: defaults, owner, department and timestamps are the same
for the whole batch.

So one model instance per batch, the *template*, goes through the functions every other write
uses (``bulk_rows.record``, ``Change.values``, ``columns_of``, ``Change.topics``), and each row
is the template with its own columns laid over it, converted as those functions would convert
them: text goes to the driver and into the event's values as it is, and into the audit snapshot
as it is too, or parsed for a list field (a JSON text list). A row with a value this does not
cover (not text, or a column the snapshot reads with others: consent, custom fields) is built
as a model instance, as before, so every row's audit entry and event are what
``record_actions.create_record`` would write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import orjson
from tortoise import fields
from tortoise.models import Model

from models import bulk_rows, events
from models.audit import AuditEntry
from models.outbox import OutboxEvent, columns_of
from models.record_actions import QUIET_COLUMNS, Change
from models.tortoise_adapter import meta

# A column laid over the template: how its text goes into the audit snapshot, under which
# field names (a column may be two fields).
_AS_IS, _LIST = "scalar", "list"


@dataclass(frozen=True, slots=True)
class Written:
    """A batch's rows as COPY takes them (``bulk_rows.columns`` order of each model)."""

    records: list[tuple[Any, ...]]
    audit: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]


class StagedRows:
    """Builds the records, audit entries and events of new ``model`` rows from their columns."""

    def __init__(self, model: type[Model], change: Change) -> None:
        model_meta = meta(model)
        self.model = model
        self.change = change
        self.names = list(model_meta.fields_db_projection)
        self.position = {name: i for i, name in enumerate(self.names)}
        self.pk = model_meta.pk_attr
        self.fields = [(name, model_meta.fields_map[name]) for name in self.names]
        # Timestamps the ORM fills when a row is written (created_at, updated_at).
        self.stamped = frozenset(
            name
            for name, field in self.fields
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        )
        # The snapshot's field names (and kinds) of each column it reads on its own.
        snapshot: dict[str, list[tuple[str, str]]] = {}
        shared: set[str] = {"custom"}
        if change.spec is not None:
            for field in change.spec.fields.values():
                if field.column is None:
                    continue
                if field.kind in (_AS_IS, _LIST):
                    snapshot.setdefault(field.column, []).append((field.name, field.kind))
                else:  # consent: the column with <column>_at and <column>_source
                    shared |= {field.column, f"{field.column}_at", f"{field.column}_source"}
        # Text columns (named as their attribute) whose value is stored and announced as it is.
        self.laid = {
            name: tuple(snapshot.get(name, ()))
            for name, field in model_meta.fields_map.items()
            if model_meta.fields_db_projection.get(name) == name
            and name not in shared
            and isinstance(field, fields.CharField | fields.TextField)
        }
        self.pk_fields = tuple(name for name, _ in snapshot.get(self.pk, ()))
        audit_names, event_names = bulk_rows.columns(AuditEntry), bulk_rows.columns(OutboxEvent)
        self.audit_at = tuple(audit_names.index(c) for c in ("id", "record_id", "after"))
        self.event_at = tuple(event_names.index(c) for c in ("id", "record_id", "topics", "values"))

    def covers(self, values: Mapping[str, Any], fixed: Mapping[str, Any]) -> bool:
        laid = self.laid
        return all(type(v) is str and k in laid and k not in fixed for k, v in values.items())

    def batch(
        self,
        rows: Sequence[Mapping[str, Any]],
        fixed: Mapping[str, Any],
        ids: Sequence[int],
        audit_ids: Sequence[int],
        event_ids: Sequence[int],
        at: datetime,
    ) -> Written:
        """``rows`` (columns each, the batch's ``fixed`` columns left out) with these ids."""
        change = self.change
        template = self.model(**fixed)
        # Filled as ``bulk_rows.record`` fills a row (the timestamps set on the template, before
        # the snapshots read them: the batch's rows share them), but with the columns the rows
        # set still empty: their values come from the rows, checked in the checking pass.
        base = [
            None
            if getattr(template, name) is None and name not in self.stamped
            else field.to_db_value(getattr(template, name), template)
            for name, field in self.fields
        ]
        after_base = change.values(template)
        values_base = columns_of(template)
        changed = sorted(values_base.keys() - QUIET_COLUMNS)
        attributes = {name: getattr(template, name) for name in self.names}
        action = f"{change.obj}.create"
        audit_base = bulk_rows.values_record(
            AuditEntry,
            {
                "id": None,
                "at": at,
                "actor_id": change.actor_id,
                "action": action,
                "object": change.obj,
                "record_id": None,
                "before": None,
                "after": None,
            },
        )
        event_base = bulk_rows.values_record(
            OutboxEvent,
            {
                "id": None,
                "seq": None,
                "at": at,
                "kind": events.CREATED,
                "object": change.obj,
                "record_id": None,
                "topics": None,
                "changed": changed,
                "values": None,
                "actor_id": change.actor_id,
            },
        )
        a_id, a_record, a_after = self.audit_at
        e_id, e_record, e_topics, e_values = self.event_at
        pk_at, position, laid, pk_name = self.position[self.pk], self.position, self.laid, self.pk
        dumps = orjson.dumps
        records, audit, outbox = [], [], []
        for values, pk, audit_id, event_id in zip(rows, ids, audit_ids, event_ids, strict=True):
            if self.covers(values, fixed):
                record = list(base)
                after = dict(after_base)
                announced = dict(values_base)
                for name, value in values.items():
                    record[position[name]] = value
                    announced[name] = value
                    for field_name, kind in laid[name]:
                        after[field_name] = (
                            value if kind == _AS_IS else (orjson.loads(value) if value else [])
                        )
                record[pk_at] = pk
                announced[pk_name] = pk
                for field_name in self.pk_fields:
                    after[field_name] = pk
                row: Any = SimpleNamespace(**{**attributes, **values, pk_name: pk, "pk": pk})
            else:
                row = self.model(**{**values, **fixed})
                row.pk = pk
                record = list(bulk_rows.record(row))
                after, announced = change.values(row), columns_of(row)
            records.append(tuple(record))
            entry = list(audit_base)
            entry[a_id], entry[a_record], entry[a_after] = audit_id, pk, dumps(after).decode()
            audit.append(tuple(entry))
            event = list(event_base)
            event[e_id], event[e_record] = event_id, pk
            event[e_topics] = dumps(list(change.topics(row))).decode()
            event[e_values] = dumps(announced).decode()
            outbox.append(tuple(event))
        return Written(records, audit, outbox)
