"""Custom fields: definitions per object, stored in the database so every process sees them.

Values live on the record itself, in its ``custom`` column (JSON text keyed by the field's key).
Definitions are read per request (resolvers/custom_fields.py), never cached across requests:
another process may have just defined or removed one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from tortoise import fields

from models.base import Record

TYPES = ("text", "number", "money", "date", "boolean", "select", "multiselect", "link")
# Objects whose records carry custom values (the ObjectKind enum of the API).
OBJECTS = ("company", "contact", "deal")


class CustomField(Record):
    # One field of one object: its key is the API name, custom.<key> in permission data.
    object = fields.CharField(max_length=20)
    key = fields.CharField(max_length=40)
    label = fields.CharField(max_length=100)
    type = fields.CharField(max_length=20)
    options: fields.Field[Any] = fields.JSONField(default=list)
    # Sensitive values are for roles trusted with the object's sensitive fields (or granted).
    sensitive = fields.BooleanField(default=False)
    position = fields.IntField(default=0)

    class Meta:
        table = "custom_field"
        app = "tandem"
        unique_together = (("object", "key"),)


def stored(text: str | None) -> dict[str, Any]:
    """A record's custom values from its ``custom`` column."""
    return dict(orjson.loads(text)) if text else {}


class Patch:
    """Custom values a write sets (None clears one), merged into the locked row's values inside
    the write's transaction, so two writers of different keys do not undo each other."""

    def __init__(self, changes: Mapping[str, Any]) -> None:
        self.changes = dict(changes)

    def apply(self, text: str | None) -> str:
        values = stored(text)
        for key, value in self.changes.items():
            if value is None:
                values.pop(key, None)
            else:
                values[key] = value
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode()
