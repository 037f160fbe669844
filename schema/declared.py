"""The plain fields of a declared record type's GraphQL type (models/records/): what a column
holds as it is read. Its inputs, filter and order are derived below the resolvers, which take
them as arguments (resolvers/api/declared_inputs.py)."""

from __future__ import annotations

from typing import Any

from models.records.declaration import RecordType, snake
from resolvers.api.declared_inputs import SCALARS

# Plain fields of a type: what a column holds as it is read (a list is read by hand: JSON text).
PLAIN = frozenset({"text", "int", "bigint", "decimal", "bool", "date", "datetime", "strings"})


def plain_annotations(record: RecordType) -> dict[str, tuple[Any, str | None]]:
    """Attribute -> (annotation, description) for the type's plain fields: nullable, because a
    field the caller may not read resolves to null (schema/permission.py)."""
    plain = [f for f in record.catalogued() if f.plain and f.type in PLAIN]
    for declared in plain:
        # The default resolver reads the attribute of the field's name.
        assert declared.column in (None, snake(declared.name)), f"{declared.name}: plain=False"
    return {snake(f.name): (SCALARS[f.type] | None, f.description) for f in plain}
