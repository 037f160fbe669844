"""Permission data: what a role grants, per object and per field. Default deny.

Stored on the role as JSON, one entry per granted object::

    {"deal": {"ops": ["read", "update"], "readScope": "department", "writeScope": "own",
              "fields": {"title": "write", "amount": "read"}}}

A field missing from ``fields`` is neither readable nor writable; an object missing from the data
grants nothing. ``parse`` validates data from clients against the catalogue; ``load`` reads data
already stored, dropping what the catalogue no longer has, so that removing a field never locks
a role out of the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from models.access.catalogue import CATALOGUE, OPERATIONS, SCOPE_RANK, SCOPES, Catalogue, ObjectSpec
from models.custom_field import OBJECTS as CUSTOM_OBJECTS
from models.errors import BadInput
from models.i18n import msg

READ, WRITE = "read", "write"
CUSTOM_PREFIX = "custom."
CUSTOM_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
EMPTY: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ObjectGrant:
    ops: frozenset[str]
    read_scope: str
    write_scope: str
    readable: frozenset[str]
    writable: frozenset[str]
    # Explicit grants of custom fields: (key, "read" | "write" | "none"). Fields without one
    # follow their definition's default (models/access/custom_access.py).
    custom: tuple[tuple[str, str], ...] = ()

    def to_data(self) -> dict[str, Any]:
        fields = {name: READ for name in self.readable}
        fields.update({name: WRITE for name in self.writable})
        fields.update({f"{CUSTOM_PREFIX}{key}": access for key, access in self.custom})
        return {
            "ops": [op for op in OPERATIONS if op in self.ops],
            "readScope": self.read_scope,
            "writeScope": self.write_scope,
            "fields": dict(sorted(fields.items())),
        }


NO_GRANT = ObjectGrant(EMPTY, "own", "own", EMPTY, EMPTY)


@dataclass(frozen=True, slots=True)
class Policy:
    objects: Mapping[str, ObjectGrant]

    def grant(self, obj: str) -> ObjectGrant:
        return self.objects.get(obj, NO_GRANT)

    def to_data(self) -> dict[str, Any]:
        return {name: g.to_data() for name, g in sorted(self.objects.items()) if g.ops}

    def exceeding(self, other: Policy) -> list[str]:
        """What this policy grants that ``other`` does not, as readable paths; empty if none.
        Custom fields are compared with their definitions (models/access/custom_access.exceeding):
        their
        defaults depend on whether a definition is sensitive."""
        excess: list[str] = []
        for name, mine in sorted(self.objects.items()):
            theirs = other.grant(name)
            excess += [f"{name}.{op}" for op in OPERATIONS if op in mine.ops - theirs.ops]
            if mine.ops and _wider(mine.read_scope, theirs.read_scope) and READ in theirs.ops:
                excess.append(f"{name}.readScope")
            if _writes(mine) and _writes(theirs) and _wider(mine.write_scope, theirs.write_scope):
                excess.append(f"{name}.writeScope")
            excess += [f"{name}.{f}:read" for f in sorted(mine.readable - theirs.readable)]
            excess += [f"{name}.{f}:write" for f in sorted(mine.writable - theirs.writable)]
        return excess


def _wider(scope: str, than: str) -> bool:
    return SCOPE_RANK[scope] > SCOPE_RANK[than]


def _writes(grant: ObjectGrant) -> bool:
    return bool(grant.ops & {"create", "update", "delete", "assign"})


def parse(data: Any, catalogue: Catalogue = CATALOGUE) -> Policy:
    """Validate permission data sent by a client; BAD_USER_INPUT names the offending path."""
    if not isinstance(data, Mapping):
        raise BadInput("Permissions must be an object keyed by object name", field="permissions")
    objects = {}
    for name, entry in data.items():
        if name not in catalogue:
            raise BadInput(msg("Unknown object '{name}'", name=name), field=f"permissions.{name}")
        objects[name] = _parse_grant(catalogue[name], entry, f"permissions.{name}")
    return Policy(objects)


def _parse_grant(spec: ObjectSpec, entry: Any, path: str) -> ObjectGrant:
    if not isinstance(entry, Mapping):
        raise BadInput("Expected an object", field=path)
    unknown = set(entry) - {"ops", "readScope", "writeScope", "fields"}
    if unknown:
        raise BadInput(
            msg("Unknown keys: {unknown}", unknown=", ".join(sorted(unknown))), field=path
        )
    ops = entry.get("ops", [])
    if not isinstance(ops, list) or not all(isinstance(op, str) for op in ops):
        raise BadInput("ops must be a list of operation names", field=f"{path}.ops")
    for op in ops:
        if op not in spec.operations:
            raise BadInput(
                msg("'{op}' is not an operation of {name}", op=op, name=spec.name),
                field=f"{path}.ops",
            )
    scopes = {}
    for key in ("readScope", "writeScope"):
        scopes[key] = entry.get(key, "all" if not spec.owned else "own")
        if scopes[key] not in SCOPES:
            raise BadInput(
                msg("{key} must be one of {scopes}", key=key, scopes=", ".join(SCOPES)),
                field=f"{path}.{key}",
            )
    if _wider(scopes["writeScope"], scopes["readScope"]):
        raise BadInput("writeScope cannot be wider than readScope", field=f"{path}.writeScope")
    if ops and "read" not in ops:
        raise BadInput("Every operation needs 'read' as well", field=f"{path}.ops")
    fields = entry.get("fields", {})
    custom = _parse_custom(spec, fields, set(ops), f"{path}.fields")
    if isinstance(fields, Mapping):
        fields = {k: v for k, v in fields.items() if not str(k).startswith(CUSTOM_PREFIX)}
    readable, writable = _parse_fields(spec, fields, set(ops), f"{path}.fields")
    return ObjectGrant(
        frozenset(ops), scopes["readScope"], scopes["writeScope"], readable, writable, custom
    )


def _parse_custom(
    spec: ObjectSpec, fields: Any, ops: set[str], path: str
) -> tuple[tuple[str, str], ...]:
    """custom.<key> grants. Definitions live in the database and may come and go, so only the
    shape is checked here; a grant of a field not (or no longer) defined grants nothing."""
    if not isinstance(fields, Mapping):
        return ()
    out = []
    for name, access in fields.items():
        if not str(name).startswith(CUSTOM_PREFIX):
            continue
        key = name[len(CUSTOM_PREFIX) :]
        where = f"{path}.{name}"
        if spec.name not in CUSTOM_OBJECTS or not CUSTOM_KEY.match(key):
            raise BadInput(
                msg("Unknown field '{name}' of {obj}", name=name, obj=spec.name), field=where
            )
        if access not in (READ, WRITE, "none"):
            raise BadInput("Field access is 'read', 'write' or 'none'", field=where)
        if access != "none" and "read" not in ops:
            raise BadInput(
                msg("Field grants need the read operation on {name}", name=spec.name), field=path
            )
        if access == WRITE and not ops & {"create", "update"}:
            raise BadInput("Writable fields need create or update", field=where)
        out.append((key, access))
    return tuple(sorted(out))


def _parse_fields(
    spec: ObjectSpec, fields: Any, ops: set[str], path: str
) -> tuple[frozenset[str], frozenset[str]]:
    if not isinstance(fields, Mapping):
        raise BadInput("fields must map field names to 'read' or 'write'", field=path)
    readable, writable = set(), set()
    for name, access in fields.items():
        field_spec = spec.field(name)
        if field_spec is None:
            raise BadInput(
                msg("Unknown field '{name}' of {obj}", name=name, obj=spec.name),
                field=f"{path}.{name}",
            )
        if access not in (READ, WRITE, "none"):
            raise BadInput("Field access is 'read', 'write' or 'none'", field=f"{path}.{name}")
        if access == "none":
            continue
        if "read" not in ops:
            raise BadInput(
                msg("Field grants need the read operation on {name}", name=spec.name), field=path
            )
        readable.add(name)
        if access == WRITE:
            if not field_spec.writable:
                raise BadInput(
                    msg("{obj}.{name} cannot be written", obj=spec.name, name=name),
                    field=f"{path}.{name}",
                )
            if not ops & {"create", "update"}:
                raise BadInput("Writable fields need create or update", field=f"{path}.{name}")
            writable.add(name)
    for name in readable:
        missing = [r for r in spec.fields[name].reveals if r not in readable]
        if missing:
            raise BadInput(
                msg(
                    "Reading {name} reveals {missing}: grant those too",
                    name=name,
                    missing=", ".join(missing),
                ),
                field=f"{path}.{name}",
            )
    return frozenset(readable), frozenset(writable)


def load(data: Any, catalogue: Catalogue = CATALOGUE) -> Policy:
    """Stored data, trusted but possibly older than the catalogue: unknown names are dropped."""
    return _load_cached(orjson.dumps(data, option=orjson.OPT_SORT_KEYS), catalogue)


@lru_cache(maxsize=256)
def _load_cached(blob: bytes, catalogue: Catalogue) -> Policy:
    data = orjson.loads(blob) or {}
    cleaned: dict[str, Any] = {}
    for name, entry in data.items():
        if name not in catalogue or not isinstance(entry, dict):
            continue
        spec = catalogue[name]
        ops = [op for op in entry.get("ops", []) if op in spec.operations]
        fields = {
            f: a
            for f, a in entry.get("fields", {}).items()
            if spec.field(f) is not None or f.startswith(CUSTOM_PREFIX)
        }
        cleaned[name] = {**entry, "ops": ops, "fields": fields}
    return parse(cleaned, catalogue)


def from_fields(
    ops: Iterable[str], read_scope: str, write_scope: str, fields: Mapping[str, str]
) -> dict[str, Any]:
    """One object's entry in the stored shape; a convenience for templates and tests."""
    return {
        "ops": list(ops),
        "readScope": read_scope,
        "writeScope": write_scope,
        "fields": dict(fields),
    }
