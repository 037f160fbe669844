"""The one place that answers "may this principal do or see this".

One Gate per principal (an HTTP request, a websocket subscriber). Every enforcement point asks it
through a RecordAccess (models/access/records.py: the gate scoped to one record type), never
directly: the field extension on every record field, the list builder (row scope, filters, sorts,
counts, search), every mutation before it writes, subscriptions and exports. Decisions are set
lookups on the compiled policy, so the per-field check stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from tortoise.expressions import Q

from models.access.catalogue import CATALOGUE, Catalogue, ObjectSpec
from models.access.policy import ObjectGrant, Policy
from models.access.principal import Principal
from models.access.scope_key import ScopeKey, scope_filter
from models.errors import Forbidden, NotFound
from models.i18n import msg


class Gate:
    __slots__ = ("_grants", "catalogue", "policy", "principal")

    def __init__(self, principal: Principal, catalogue: Catalogue = CATALOGUE) -> None:
        self.principal = principal
        self.policy: Policy = principal.policy
        self.catalogue = catalogue
        self._grants: dict[str, ObjectGrant] = {}

    def grant(self, obj: str) -> ObjectGrant:
        found = self._grants.get(obj)
        if found is None:
            found = self._grants[obj] = self.policy.grant(obj)
        return found

    # Operations -----------------------------------------------------------------------------

    def can(self, op: str, obj: str) -> bool:
        return op in self.grant(obj).ops

    def require(self, op: str, obj: str) -> None:
        if op not in self.grant(obj).ops:
            raise Forbidden(msg("Your role may not {op} {obj} records", op=op, obj=obj))

    # Fields ---------------------------------------------------------------------------------

    def can_read(self, obj: str, field: str) -> bool:
        return field in self.grant(obj).readable

    def require_read(self, obj: str, field: str) -> None:
        if field not in self.grant(obj).readable:
            raise Forbidden(
                msg("Your role may not read {obj}.{field}", obj=obj, field=field), field=field
            )

    def check_write(self, obj: str, fields: Iterable[str]) -> None:
        """Refuse the whole write if any field in it is not writable (nothing is written)."""
        writable = self.grant(obj).writable
        for name in fields:
            if name not in writable:
                raise Forbidden(
                    msg("Your role may not write {obj}.{name}", obj=obj, name=name), field=name
                )

    def check_filter(self, obj: str, fields: Iterable[str]) -> None:
        for name in fields:
            if not self.can_read(obj, name):
                raise Forbidden(
                    msg("Your role may not filter on {obj}.{name}", obj=obj, name=name), field=name
                )

    def check_sort(self, obj: str, fields: Iterable[str]) -> None:
        for name in fields:
            if not self.can_read(obj, name):
                raise Forbidden(
                    msg("Your role may not sort on {obj}.{name}", obj=obj, name=name), field=name
                )

    def readable(self, obj: str, fields: Iterable[str]) -> list[str]:
        grant = self.grant(obj).readable
        return [f for f in fields if f in grant]

    def redact(self, obj: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """The values the principal may read: system fields and granted fields, nothing else."""
        spec = self.catalogue[obj]
        readable = self.grant(obj).readable
        return {k: v for k, v in values.items() if k in readable or k in spec.system}

    # Rows -----------------------------------------------------------------------------------

    def scope(self, obj: str, op: str = "read") -> Q | None:
        """A filter for the rows the principal may read (or write); None means every row.

        Callers must check ``can`` first: scope says which rows, not whether at all.
        """
        key = self.scope_key(obj, op)
        return None if key is None else scope_filter(key)

    def scope_key(self, obj: str, op: str = "read") -> ScopeKey | None:
        """Everything ``scope`` depends on, hashable: equal keys give equal filters (the filter
        is built from the key alone, ``scope_filter``), so a statement built from a scope may be
        kept by its key (models/access/rows.py ``readable_statement``)."""
        spec = self.catalogue[obj]
        me = self.principal.user_id
        if spec.recipient_column is not None:
            return ScopeKey(me, recipient=spec.recipient_column)
        if not spec.owned:
            return None
        grant = self.grant(obj)
        scope = grant.read_scope if op == "read" else grant.write_scope
        if scope == "all":
            return None
        departments = self.principal.department_ids if scope == "department" else frozenset()
        return ScopeKey(me, assignee=spec.assignee_column, departments=departments)

    def in_scope(self, obj: str, record: Any, op: str = "read") -> bool:
        return self._in_scope(obj, lambda column: getattr(record, column), op)

    def in_scope_values(self, obj: str, values: Mapping[str, Any], op: str = "read") -> bool:
        """``in_scope`` for a record given as its column values (an event's), not a row."""
        return self._in_scope(obj, values.get, op)

    def _in_scope(self, obj: str, column: Callable[[str], Any], op: str) -> bool:
        spec: ObjectSpec = self.catalogue[obj]
        if spec.recipient_column is not None:
            return bool(column(spec.recipient_column) == self.principal.user_id)
        if not spec.owned:
            return True
        grant = self.grant(obj)
        scope = grant.read_scope if op == "read" else grant.write_scope
        if scope == "all":
            return True
        me = self.principal.user_id
        if column("owner_id") == me:
            return True
        if spec.assignee_column is not None and column(spec.assignee_column) == me:
            return True
        return scope == "department" and column("department_id") in self.principal.department_ids

    def require_readable_record(self, obj: str, record: Any) -> None:
        """Out of read scope, or no read at all, is NOT_FOUND: existence is not revealed."""
        if not self.can("read", obj) or not self.in_scope(obj, record, "read"):
            raise NotFound(msg("No such {obj}", obj=obj))

    def require_writable_record(self, obj: str, record: Any, op: str = "update") -> None:
        self.require_readable_record(obj, record)
        self.require(op, obj)
        if not self.in_scope(obj, record, "write"):
            raise Forbidden(
                msg(
                    "Your role may not {op} this {obj}: it is outside your write scope",
                    op=op,
                    obj=obj,
                )
            )

    def check_owner_assignment(self, obj: str, owner_id: int) -> None:
        """Giving a record to someone else (at creation or later) needs 'assign'."""
        if owner_id != self.principal.user_id and not self.can("assign", obj):
            raise Forbidden(
                msg("Giving a {obj} to someone else needs 'assign'", obj=obj), field="ownerId"
            )
