"""A record's values keyed by catalogue field, for the audit log.

Keyed by the API's field names (not columns) so that whoever reads the log later can be shown
exactly the fields their role may read (schema/types/audit.py redacts by these keys).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson

from models.access.catalogue import ObjectSpec
from models.custom_field import stored


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def values_of(spec: ObjectSpec, row: Any) -> dict[str, Any]:
    """Every stored field of the row; computed fields (a deal's margin) are left out."""
    out: dict[str, Any] = {}
    for field in spec.fields.values():
        column = field.column
        if column is None or not hasattr(row, column):
            continue
        value = getattr(row, column)
        if field.kind == "list":
            value = orjson.loads(value) if value else []
        elif field.kind == "consent":
            value = (
                None
                if value is None
                else {
                    "granted": value,
                    "at": _plain(getattr(row, f"{column}_at")),
                    "source": getattr(row, f"{column}_source"),
                }
            )
        out[field.name] = _plain(value)
    # Custom values by custom.<key>, the name permission data grants them by.
    for key, value in stored(getattr(row, "custom", None)).items():
        out[f"custom.{key}"] = value
    return out


def changed_only(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
