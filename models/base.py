"""Fields every record shares: id, timestamps and an optimistic-concurrency version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.department import Department
    from models.user import User


class Record(Model):
    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    # Bumped by every update; clients pass it back as expectedVersion to detect lost updates.
    version = fields.IntField(default=1)

    class Meta:
        abstract = True


class OwnedRecord(Record):
    # A record with an owner and a department: the two axes of record scope.

    owner: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "tandem.Department", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    owner_id: int | None
    department_id: int | None
    deleted_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        abstract = True
