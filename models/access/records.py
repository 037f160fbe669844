"""The permission checkpoint of the data layer: one caller's access to one record type.

Records are read and written through a ``RecordAccess`` (a principal's gate, scoped to one
catalogue object): the rows a query may return or change, the fields that may be read, written,
filtered and sorted, the values that may be shown, whether an event's record is in view. The
gate decides; this object is how everything above the domain asks it, so that resolvers,
exports, the event fan-out, the dashboard and forecasts apply the same rules by the same calls
and none of them re-implements one. Operations that are not about one record (reading the
pipeline set, administering roles) are asked of the access object for that object name.

One gate per principal is shared by all of its access objects (``of``), so its decisions are
cached once per request or subscriber whatever the record type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.access import custom_access
from models.access.catalogue import ObjectSpec
from models.access.custom_access import Definition
from models.access.gate import Gate
from models.access.policy import ObjectGrant, Policy
from models.access.principal import Principal
from models.access.rows import readable_rows, readable_statement


class RecordAccess:
    __slots__ = ("_gate", "obj")

    def __init__(self, gate: Gate, obj: str) -> None:
        self._gate = gate
        self.obj = obj

    @classmethod
    def of_principal(cls, principal: Principal, obj: str) -> RecordAccess:
        """A principal's access outside a request (an import run, a background job)."""
        return cls(Gate(principal), obj)

    def of(self, obj: str) -> RecordAccess:
        """The same caller's access to another record type (a related record, a filter by it)."""
        return self if obj == self.obj else RecordAccess(self._gate, obj)

    # Who asks ------------------------------------------------------------------------------

    @property
    def principal(self) -> Principal:
        return self._gate.principal

    @property
    def user_id(self) -> int:
        return self._gate.principal.user_id

    @property
    def policy(self) -> Policy:
        return self._gate.policy

    @property
    def grant(self) -> ObjectGrant:
        """What the role grants on this object (operations, readable and writable fields)."""
        return self._gate.grant(self.obj)

    @property
    def spec(self) -> ObjectSpec:
        return self._gate.catalogue[self.obj]

    # Operations ----------------------------------------------------------------------------

    def can(self, op: str) -> bool:
        return self._gate.can(op, self.obj)

    def require(self, op: str) -> None:
        """FORBIDDEN unless the role may ``op`` this object at all."""
        self._gate.require(op, self.obj)

    # Fields --------------------------------------------------------------------------------

    def can_read(self, field: str) -> bool:
        return self._gate.can_read(self.obj, field)

    def require_read(self, field: str) -> None:
        self._gate.require_read(self.obj, field)

    def readable_fields(self, fields: Iterable[str]) -> list[str]:
        return self._gate.readable(self.obj, fields)

    def check_write(self, fields: Iterable[str]) -> None:
        """FORBIDDEN for the whole input if any field in it is not writable."""
        self._gate.check_write(self.obj, fields)

    def check_filter(self, fields: Iterable[str]) -> None:
        self._gate.check_filter(self.obj, fields)

    def check_sort(self, fields: Iterable[str]) -> None:
        self._gate.check_sort(self.obj, fields)

    def redact(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The values (by field name) the caller may read: system and granted fields only."""
        return self._gate.redact(self.obj, values)

    def custom_access(self, definition: Definition) -> str:
        """'write', 'read' or 'none' for one custom field of this object."""
        return custom_access.access(self.grant, self.obj, definition)

    def check_owner_assignment(self, owner_id: int) -> None:
        """Giving a record to someone else (at creation or later) needs 'assign'."""
        self._gate.check_owner_assignment(self.obj, owner_id)

    # Rows ----------------------------------------------------------------------------------

    def scope(self, op: str = "read") -> Q | None:
        """The row filter for ``op`` (None: every row); ``can`` says whether at all."""
        return self._gate.scope(self.obj, op)

    def rows(self, model: type[Model], where: Q | None = None) -> QuerySet[Any]:
        """FORBIDDEN without read; otherwise the caller's live (not deleted) rows of ``model``."""
        return readable_rows(self._gate, self.obj, model, where)

    def rows_statement(self, model: type[Model], columns: Sequence[str]) -> tuple[str, list[Any]]:
        """``rows(model).only(*columns)`` as SQL and parameters (kept per caller and shape:
        models/access/rows.py ``readable_statement``), for a statement that embeds it."""
        return readable_statement(self._gate, self.obj, model, columns)

    def in_scope(self, record: Any, op: str = "read") -> bool:
        return self._gate.in_scope(self.obj, record, op)

    def in_scope_values(self, values: Mapping[str, Any], op: str = "read") -> bool:
        """``in_scope`` for a record given as column values (an event's, before or after)."""
        return self._gate.in_scope_values(self.obj, values, op)

    def visible(self, row: Any) -> bool:
        """Whether the caller may see this row: it exists, is not deleted, is readable and in
        read scope."""
        if row is None or getattr(row, "deleted_at", None) is not None:
            return False
        return self._gate.can("read", self.obj) and self._gate.in_scope(self.obj, row, "read")

    def require_readable_record(self, record: Any) -> None:
        """NOT_FOUND when the record is out of read scope or unreadable (existence is hidden)."""
        self._gate.require_readable_record(self.obj, record)

    def require_writable_record(self, record: Any, op: str = "update") -> None:
        """NOT_FOUND if unreadable, FORBIDDEN without ``op`` or outside the write scope."""
        self._gate.require_writable_record(self.obj, record, op)
