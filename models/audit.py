"""The audit trail: who did what, when, with the values before and after."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models import clock, unit_of_work

if TYPE_CHECKING:
    from models.user import User


class AuditEntry(Model):
    # Append-only: entries are never updated, so there is no version. The id orders them.
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(db_index=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_id: int | None
    # "role.create", "user.role", "record.assign", ...
    action = fields.CharField(max_length=50, db_index=True)
    object = fields.CharField(max_length=50)
    record_id = fields.BigIntField(null=True, db_index=True)
    before: fields.Field[Any] = fields.JSONField(null=True)
    after: fields.Field[Any] = fields.JSONField(null=True)

    class Meta:
        table = "audit_entry"
        app = "tandem"


def audit_row(
    actor_id: int | None,
    action: str,
    obj: str,
    record_id: int | None,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """The entry, not yet written (models/combined_writes.py writes it with its change; then
    ``unit_of_work.current().audited(entry)``)."""
    return AuditEntry(
        at=clock.now(),
        actor_id=actor_id,
        action=action,
        object=obj,
        record_id=record_id,
        before=before,
        after=after,
    )


async def write_audit(
    actor_id: int | None,
    action: str,
    obj: str,
    record_id: int | None,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Call inside the unit of work of the change it records, so both land or neither does."""
    entry = audit_row(actor_id, action, obj, record_id, before, after)
    await entry.save(force_create=True)
    unit = unit_of_work.current()
    if unit is not None:
        unit.audited(entry)
    return entry
