"""Arranging roles for a test: permission inputs as a client sends them, custom roles in the DB."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from models.access.policy import from_fields
from models.audit import AuditEntry
from models.role import Role


def entry(
    obj: str,
    ops: Iterable[str],
    read_scope: str = "OWN",
    write_scope: str = "OWN",
    *,
    read: Iterable[str] = (),
    write: Iterable[str] = (),
) -> dict[str, Any]:
    """One ObjectPermissionInput: ``read`` fields readable, ``write`` fields read and write."""
    writable = list(write)
    fields = [{"field": f, "read": True, "write": False} for f in read if f not in writable]
    fields += [{"field": f, "read": True, "write": True} for f in writable]
    return {
        "object": obj,
        "operations": [op.upper() for op in ops],
        "readScope": read_scope,
        "writeScope": write_scope,
        "fields": fields,
    }


def grant(
    ops: Iterable[str],
    read_scope: str = "all",
    write_scope: str = "all",
    fields: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """One object's grant in the stored shape."""
    return from_fields(ops, read_scope, write_scope, fields or {})


async def custom_role(name: str, level: int, permissions: Mapping[str, Any]) -> Role:
    return await Role.create(name=name, level=level, permissions=dict(permissions))


async def role_count() -> int:
    return await Role.all().count()


async def audit_count() -> int:
    return await AuditEntry.all().count()
