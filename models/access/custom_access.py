"""Who may read and write a custom field's values: custom.<key> in the role's permission data if
it says so, otherwise the definition's default.

The default follows the trust the role already has in the object: a non-sensitive field is read
by every role reading the object and written by those that may write all its ordinary fields; a
sensitive one only by roles that read (or write) every field of the object, sensitive ones
included (Owner and Admin). Definitions come from the database per request, so a field defined
by one process is enforced by all of them at once. Granting roles compares these effective
accesses per defined field (``exceeding``), so neither an explicit grant nor a default reaches
beyond the granter's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from models.access.catalogue import CATALOGUE, ObjectSpec
from models.access.policy import CUSTOM_PREFIX, READ, WRITE, ObjectGrant, Policy
from models.custom_field import CustomField

NONE = "none"
RANK = {NONE: 0, READ: 1, WRITE: 2}
# Ownership moves by assignment rules of its own; it does not decide trust in the data.
_NOT_DATA = frozenset({"owner", "department"})


class Definition(Protocol):
    key: str
    sensitive: bool


def _covers(grant: ObjectGrant, spec: ObjectSpec, sensitive: bool, write: bool) -> bool:
    have = grant.writable if write else grant.readable
    for f in spec.fields.values():
        if f.name in _NOT_DATA or (f.sensitive and not sensitive):
            continue
        if write and not f.writable:
            continue
        if f.name not in have:
            return False
    return True


def access(grant: ObjectGrant, obj: str, definition: Definition) -> str:
    """'write', 'read' or 'none' for this role and this field."""
    if "read" not in grant.ops:
        return NONE
    explicit = dict(grant.custom).get(definition.key)
    if explicit is not None:
        if explicit == WRITE and not grant.ops & {"create", "update"}:
            return READ
        return explicit
    spec = CATALOGUE[obj]
    if not _covers(grant, spec, definition.sensitive, write=False):
        return NONE
    writes = bool(grant.ops & {"create", "update"})
    if writes and _covers(grant, spec, definition.sensitive, write=True):
        return WRITE
    return READ


async def defined() -> list[CustomField]:
    """Every custom field definition, read afresh (another process may just have added one)."""
    return list(await CustomField.all().order_by("object", "position", "id"))


def exceeding(granted: Policy, held: Policy, definitions: Iterable[CustomField]) -> list[str]:
    """Custom fields ``granted`` reaches further than ``held``, explicit grants and defaults
    alike: a role reading every deal field reads a non-sensitive custom field by default, which
    is escalation for someone explicitly denied that field."""
    excess = []
    for definition in definitions:
        mine = access(granted.grant(definition.object), definition.object, definition)
        theirs = access(held.grant(definition.object), definition.object, definition)
        if RANK[mine] > RANK[theirs]:
            excess.append(f"{definition.object}.{CUSTOM_PREFIX}{definition.key}:{mine}")
    return excess


def undefined(granted: Policy, definitions: Iterable[CustomField]) -> str | None:
    """The path of the first custom.<key> grant naming no defined field, if any."""
    known = {(d.object, d.key) for d in definitions}
    for obj, grant in sorted(granted.objects.items()):
        for key, _ in grant.custom:
            if (obj, key) not in known:
                return f"permissions.{obj}.fields.{CUSTOM_PREFIX}{key}"
    return None
