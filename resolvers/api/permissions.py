"""The permission matrix as the API shows it: on roles, and as ``me.permissions``."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

import strawberry

from models.access import custom_access
from models.access.catalogue import CATALOGUE, OPERATIONS
from models.access.policy import CUSTOM_PREFIX, READ, WRITE, Policy
from models.custom_field import CustomField
from models.errors import BadInput
from models.i18n import msg


@strawberry.enum
class Operation(Enum):
    CREATE = "create"
    READ = "read"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    ASSIGN = "assign"


@strawberry.enum(
    description="Which records an operation reaches: one's own, one's "
    "departments' (and one's own), or all"
)
class RecordScope(Enum):
    OWN = "own"
    DEPARTMENT = "department"
    ALL = "all"


@strawberry.type
class FieldPermission:
    field: str
    read: bool
    write: bool


@strawberry.type
class ObjectPermission:
    object: str
    operations: list[Operation]
    read_scope: RecordScope | None
    write_scope: RecordScope | None
    fields: list[FieldPermission]


@strawberry.input
class FieldPermissionInput:
    field: str
    read: bool = True
    write: bool = False


@strawberry.input
class ObjectPermissionInput:
    object: str
    operations: list[Operation]
    read_scope: RecordScope = RecordScope.OWN
    write_scope: RecordScope = RecordScope.OWN
    fields: list[FieldPermissionInput] = strawberry.field(default_factory=list)


def matrix(policy: Policy, definitions: Iterable[CustomField] = ()) -> list[ObjectPermission]:
    """Every object of the catalogue, granted or not, so clients can lock what is absent; each
    defined custom field as ``custom.<key>`` with the access the role has to it (granted
    explicitly or by the definition's default)."""
    rows = []
    defined = list(definitions)
    for spec in CATALOGUE:
        grant = policy.grant(spec.name)
        custom = []
        for d in defined:
            if d.object == spec.name:
                access = custom_access.access(grant, spec.name, d)
                custom.append(
                    FieldPermission(
                        field=f"{CUSTOM_PREFIX}{d.key}",
                        read=access in (READ, WRITE),
                        write=access == WRITE,
                    )
                )
        rows.append(
            ObjectPermission(
                object=spec.name,
                operations=[Operation(op) for op in OPERATIONS if op in grant.ops],
                read_scope=RecordScope(grant.read_scope) if grant.ops else None,
                write_scope=RecordScope(grant.write_scope) if grant.ops else None,
                fields=[
                    FieldPermission(
                        field=name, read=name in grant.readable, write=name in grant.writable
                    )
                    for name in spec.fields
                ]
                + custom,
            )
        )
    return rows


def to_data(entries: list[ObjectPermissionInput]) -> dict[str, object]:
    """Input rows in the stored shape; models.access.policy.parse validates the result further.

    Refused here, with the path parse would use, is what the stored shape cannot express: the
    same object or field twice, and a field writable but not readable. Objects without owners
    have no record scope, so theirs is stored as "all" whatever the input says.
    """
    data: dict[str, object] = {}
    for entry in entries:
        path = f"permissions.{entry.object}"
        if entry.object in data:
            raise BadInput(msg("{object} is listed twice", object=entry.object), field=path)
        fields: dict[str, str] = {}
        for f in entry.fields:
            field_path = f"{path}.fields.{f.field}"
            if f.field in fields:
                raise BadInput(msg("{field} is listed twice", field=f.field), field=field_path)
            if f.write and not f.read:
                raise BadInput("A writable field must be readable too", field=field_path)
            fields[f.field] = "write" if f.write else "read" if f.read else "none"
        spec = CATALOGUE.objects.get(entry.object)
        owned = spec is None or spec.owned
        data[entry.object] = {
            "ops": [op.value for op in entry.operations],
            "readScope": entry.read_scope.value if owned else "all",
            "writeScope": entry.write_scope.value if owned else "all",
            "fields": fields,
        }
    return data
