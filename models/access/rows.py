"""The rows of an object a principal may read, as a query: read permission, scope, not deleted.

Every path that hands out many rows starts here, through ``RecordAccess.rows``
(models/access/records.py: GraphQL lists, exports, related names in an export), so that a new
rule about which rows are visible is written once. No GraphQL here.
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.access.gate import Gate
from models.tortoise_adapter import meta


def readable_rows(
    gate: Gate, obj: str, model: type[Model], where: Q | None = None
) -> QuerySet[Any]:
    """FORBIDDEN without the read operation; otherwise the caller's rows of ``model``."""
    gate.require("read", obj)
    query = model.all()
    scope = gate.scope(obj, "read")
    if scope is not None:
        query = query.filter(scope)
    if "deleted_at" in meta(model).fields_map:
        query = query.filter(deleted_at__isnull=True)
    if where is not None:
        query = query.filter(where)
    return query
