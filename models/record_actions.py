"""Creating, changing and soft-deleting records: one transaction each, optimistic versions, and
the change's outbox event written in the same transaction.

The caller passes a ``check`` for the row it is about to change (the gate's write-scope check),
run on the locked row inside the transaction, so that a refusal writes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from tortoise.models import Model

from models import clock, combined_writes, events
from models.access.catalogue import ObjectSpec
from models.audit import AuditEntry, audit_row, write_audit
from models.base import OwnedRecord
from models.custom_field import Patch
from models.errors import BadInput, Conflict, NotFound
from models.i18n import msg
from models.outbox import columns_of, emit, event_row
from models.snapshot import changed_only, values_of
from models.tortoise_adapter import meta
from models.unit_of_work import unit_of_work

M = TypeVar("M", bound=Model)
T = TypeVar("T")
Check = Callable[[Any], None]
# Run inside the change's transaction after it is written: (verb, row, columns before or None
# for a creation, actor). Automation rules hook in here; whatever they write commits with it.
AfterWrite = Callable[[str, Any, Mapping[str, Any] | None, int | None], Awaitable[None]]
# Run inside the change's transaction on the row about to be written, before the checks on it:
# (row, columns before or None for a creation, columns the change sets). Rules over the whole
# row that read other rows (a deal's status following its stage); raises BadInput.
BeforeSave = Callable[[Any, Mapping[str, Any] | None, set[str]], Awaitable[None]]
# Run inside the change's transaction before the row is locked: (pk, columns the change sets).
# Takes the locks that every writer of such a change takes before the row's (a deal's stage
# rows, models/deal_positions.py), so that two writers never wait on each other in opposite
# orders; returns a check of the locked row (it still matches what was locked), or None.
LockFirst = Callable[[int, Mapping[str, Any]], Awaitable[Check | None]]
# Bookkeeping columns: a change to only these is not a change anyone needs to hear about.
QUIET_COLUMNS = frozenset({"version", "updated_at"})


@dataclass(frozen=True, slots=True)
class Change:
    """Who changes what, for the outbox: the permission object, the actor, the row's topics."""

    obj: str
    actor_id: int | None
    topics: Callable[[Any], Iterable[str]]
    # Changing one of these columns makes an update a move (a deal changing stage).
    move_columns: frozenset[str] = frozenset()
    # The object's catalogue entry: audit values are keyed by its field names.
    spec: ObjectSpec | None = None
    after: AfterWrite | None = None
    before_save: BeforeSave | None = None
    lock_first: LockFirst | None = None

    def values(self, row: Any) -> dict[str, Any]:
        return values_of(self.spec, row) if self.spec is not None else columns_of(row)

    async def audit(self, verb: str, row: Any, before: Any, after: Any) -> None:
        await write_audit(self.actor_id, f"{self.obj}.{verb}", self.obj, row.pk, before, after)

    def audit_row(self, verb: str, row: Any, before: Any, after: Any) -> AuditEntry:
        return audit_row(self.actor_id, f"{self.obj}.{verb}", self.obj, row.pk, before, after)


async def create_record(
    model: type[M], values: Mapping[str, Any], check: Check, change: Change
) -> M:
    async with unit_of_work():
        row = model(**{c: v.apply(None) if isinstance(v, Patch) else v for c, v in values.items()})
        if change.before_save is not None:
            await change.before_save(row, None, set(values))
        check(row)
        await row.save()
        await change.audit("create", row, None, change.values(row))
        await emit(
            events.CREATED,
            change.obj,
            row,
            changed=columns_of(row).keys() - QUIET_COLUMNS,
            topics=change.topics(row),
            actor_id=change.actor_id,
        )
        if change.after is not None:
            await change.after("create", row, None, change.actor_id)
    return row


async def update_record(
    model: type[M],
    pk: int,
    values: Mapping[str, Any],
    expected_version: int | None,
    change: Change,
    *,
    check_before: Check,
    check_after: Check,
) -> M:
    async with unit_of_work() as unit:
        held = await change.lock_first(pk, values) if change.lock_first is not None else None
        row = await model.select_for_update().get_or_none(pk=pk)
        if row is None or getattr(row, "deleted_at", None) is not None:
            raise NotFound(msg("No such {name}", name=model.__name__.lower()))
        if held is not None:
            held(row)
        check_before(row)
        version: int = row.version  # type: ignore[attr-defined]
        if expected_version is not None and version != expected_version:
            raise Conflict("Someone changed this record since you read it", current_version=version)
        before = columns_of(row)
        before_values = change.values(row)
        topics = set(change.topics(row))
        for column, value in values.items():
            if isinstance(value, Patch):
                value = value.apply(getattr(row, column))
            setattr(row, column, value)
        if change.before_save is not None:
            await change.before_save(row, before, set(values))
        check_after(row)
        row.version = version + 1
        # The row, its audit entry and its event: one statement on PostgreSQL
        # (models/combined_writes.py), three saves otherwise.
        update = await combined_writes.prepare(unit.connection, row, stored_fields(row))
        after = columns_of(row)
        changed = {c for c, v in after.items() if before.get(c) != v} - QUIET_COLUMNS
        if not changed:
            await combined_writes.write(unit.connection, update, [])
            return row
        entry = change.audit_row("update", row, *changed_only(before_values, change.values(row)))
        # Subscribers of the old topics (a deal's former pipeline) hear about it too.
        topics |= set(change.topics(row))
        kind = events.MOVED if changed & change.move_columns else events.UPDATED
        event = await event_row(
            kind,
            change.obj,
            row,
            changed=changed,
            topics=topics,
            actor_id=change.actor_id,
            before=before,
        )
        await combined_writes.write(unit.connection, update, [entry, event])
        unit.audited(entry)
        unit.event_written(event)
        if change.after is not None:
            await change.after("update", row, before, change.actor_id)
    return row


def stored_fields(row: Model) -> list[str]:
    """Every stored field but the primary key: what ``row.save()`` writes."""
    model_meta = meta(row)
    return [name for name in model_meta.fields_db_projection if name != model_meta.pk_attr]


async def soft_delete(model: type[M], pk: int, check: Check, change: Change) -> M:
    async with unit_of_work():
        row = await model.select_for_update().get_or_none(pk=pk)
        if row is None or getattr(row, "deleted_at", None) is not None:
            raise NotFound(msg("No such {name}", name=model.__name__.lower()))
        check(row)
        row.deleted_at = clock.now()
        row.version += 1  # type: ignore[attr-defined]
        await row.save(update_fields=["deleted_at", "version", "updated_at"])
        # The whole record as it was: what a restore brings back, readable in the log.
        await change.audit("delete", row, change.values(row), None)
        await emit(
            events.DELETED,
            change.obj,
            row,
            changed=[],
            topics=change.topics(row),
            actor_id=change.actor_id,
        )
    return row


async def restore(model: type[M], pk: int, check: Check, change: Change) -> M:
    """Undo a soft delete: the row is visible again, as it was, with a new version."""
    async with unit_of_work():
        row = await model.select_for_update().get_or_none(pk=pk)
        if row is None:
            raise NotFound(msg("No such {obj}", obj=change.obj))
        check(row)
        if getattr(row, "deleted_at", None) is None:
            raise BadInput(msg("This {obj} is not deleted", obj=change.obj), field="id")
        row.deleted_at = None
        row.version += 1  # type: ignore[attr-defined]
        await row.save(update_fields=["deleted_at", "version", "updated_at"])
        await change.audit("restore", row, None, change.values(row))
        # To subscribers the record reappears: a creation, with every field as changed.
        await emit(
            events.CREATED,
            change.obj,
            row,
            changed=columns_of(row).keys() - QUIET_COLUMNS,
            topics=change.topics(row),
            actor_id=change.actor_id,
        )
    return row


@dataclass(frozen=True, slots=True)
class Target:
    """One record to assign: its permission object, model and primary key."""

    obj: str
    model: type[OwnedRecord]
    pk: int
    # Event topics beyond the object's own (a deal's pipeline).
    topics: Callable[[Any], Iterable[str]] = lambda row: ()


async def assign_records(
    targets: Sequence[Target],
    owner_id: int,
    department_id: int | None,
    *,
    actor_id: int,
    check: Callable[[str, Any], None],
) -> list[OwnedRecord]:
    """Give every record a new owner and department, or none of them: all rows are locked and
    checked before the first is written. One audit entry per record, in the same transaction."""
    async with unit_of_work():
        rows = []
        for target in targets:
            row = await target.model.select_for_update().get_or_none(pk=target.pk)
            if row is None or row.deleted_at is not None:
                raise NotFound(msg("No such {obj}", obj=target.obj))
            check(target.obj, row)
            rows.append(row)
        after = {"owner": owner_id, "department": department_id}
        for target, row in zip(targets, rows, strict=True):
            before = {"owner": row.owner_id, "department": row.department_id}
            row.owner_id, row.department_id = owner_id, department_id
            row.version += 1
            await row.save()
            await write_audit(actor_id, "record.assign", target.obj, row.pk, before, after)
            # Subscribers re-check scope on this event: a record assigned away stops reaching
            # those who only saw it as its owner or through its department.
            await emit(
                events.UPDATED,
                target.obj,
                row,
                changed=["owner_id", "department_id"],
                topics=[target.obj, f"{target.obj}:{row.pk}", *target.topics(row)],
                actor_id=actor_id,
                before={"owner_id": before["owner"], "department_id": before["department"]},
            )
    return rows


async def create_each(items: Sequence[T], create: Callable[[T], Awaitable[Any]]) -> int:
    """Create a record for every item, or for none: one unit of work around ``create`` (the
    caller's checked write of one record, with its own audit entry and event). Returns how
    many were made."""
    async with unit_of_work():
        for item in items:
            await create(item)
    return len(items)
