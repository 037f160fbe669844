"""Creating, changing and soft-deleting records: one transaction each, optimistic versions.

The caller passes a ``check`` for the row it is about to change (the gate's write-scope check),
run on the locked row inside the transaction, so that a refusal writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import clock
from models.audit import write_audit
from models.base import OwnedRecord
from models.errors import Conflict, NotFound

M = TypeVar("M", bound=Model)
Check = Callable[[Any], None]


async def create_record(model: type[M], values: Mapping[str, Any], check: Check) -> M:
    async with in_transaction():
        row = model(**values)
        check(row)
        await row.save()
        return row


async def update_record(
    model: type[M],
    pk: int,
    values: Mapping[str, Any],
    expected_version: int | None,
    *,
    check_before: Check,
    check_after: Check,
) -> M:
    async with in_transaction():
        row = await model.select_for_update().get_or_none(pk=pk)
        if row is None or getattr(row, "deleted_at", None) is not None:
            raise NotFound(f"No such {model.__name__.lower()}")
        check_before(row)
        version: int = row.version  # type: ignore[attr-defined]
        if expected_version is not None and version != expected_version:
            raise Conflict("Someone changed this record since you read it", current_version=version)
        for column, value in values.items():
            setattr(row, column, value)
        check_after(row)
        row.version = version + 1
        await row.save()
        return row


async def soft_delete(model: type[M], pk: int, check: Check) -> M:
    async with in_transaction():
        row = await model.select_for_update().get_or_none(pk=pk)
        if row is None or getattr(row, "deleted_at", None) is not None:
            raise NotFound(f"No such {model.__name__.lower()}")
        check(row)
        row.deleted_at = clock.now()
        row.version += 1  # type: ignore[attr-defined]
        await row.save(update_fields=["deleted_at", "version", "updated_at"])
        return row


@dataclass(frozen=True, slots=True)
class Target:
    """One record to assign: its permission object, model and primary key."""

    obj: str
    model: type[OwnedRecord]
    pk: int


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
    async with in_transaction():
        rows = []
        for target in targets:
            row = await target.model.select_for_update().get_or_none(pk=target.pk)
            if row is None or row.deleted_at is not None:
                raise NotFound(f"No such {target.obj}")
            check(target.obj, row)
            rows.append(row)
        after = {"owner": owner_id, "department": department_id}
        for target, row in zip(targets, rows, strict=True):
            before = {"owner": row.owner_id, "department": row.department_id}
            row.owner_id, row.department_id = owner_id, department_id
            row.version += 1
            await row.save()
            await write_audit(actor_id, "record.assign", target.obj, row.pk, before, after)
        return rows
