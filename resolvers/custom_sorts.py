"""Sorting a list by a custom field: ``orderBy: [{field: CUSTOM, customKey: "score"}]``.

The value is read out of the record's custom JSON by an SQL expression (resolvers/custom_values)
and given a floor when unset, so that keyset pagination compares no NULLs: records without the
value sort first ascending, last descending. The field's read permission (custom.<key>) is
checked before any SQL, like every sort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from tortoise.expressions import RawSQL

from models.access import custom_access
from models.access.records import RecordAccess
from models.custom_field import CustomField
from models.errors import BadInput, Forbidden
from models.i18n import msg
from resolvers.custom_values import _postgres, extract

CUSTOM = "custom"
NUMERIC = ("number", "money")


@dataclass(frozen=True, slots=True)
class CustomSort:
    # The name in the cursor ("custom.<key>") and the annotation the query sorts on.
    name: str
    column: str
    expression: RawSQL
    kind: str

    def from_cursor(self, value: Any) -> Any:
        """A cursor's value back as the type the expression compares with."""
        if self.kind in NUMERIC:
            return float(value)
        if self.kind == "boolean":
            return bool(value) if _postgres() else int(value)
        return str(value)


def _floored(definition: CustomField) -> RawSQL:
    sql = extract(definition).sql
    if definition.type in NUMERIC:
        floor = "-1e15"
    elif definition.type == "boolean":
        floor = "false" if _postgres() else "0"
    else:
        floor = "''"
    return RawSQL(f"COALESCE({sql}, {floor})")


async def custom_sorts(
    access: RecordAccess, order_by: Sequence[Any] | None
) -> dict[int, CustomSort]:
    """The custom sorts of ``order_by`` by position; FORBIDDEN on an unreadable field."""
    obj = access.obj
    out: dict[int, CustomSort] = {}
    definitions: dict[str, CustomField] | None = None
    for i, order in enumerate(order_by or ()):
        field = order.field.value if isinstance(order.field, Enum) else order.field
        key = getattr(order, "custom_key", None)
        where = f"orderBy.{i}.customKey"
        if field != CUSTOM:
            if key is not None:
                raise BadInput("customKey goes with field CUSTOM", field=where)
            continue
        if not key:
            raise BadInput("Sorting by CUSTOM needs customKey", field=where)
        if definitions is None:
            definitions = {d.key: d for d in await CustomField.filter(object=obj)}
        definition = definitions.get(key)
        if definition is None:
            raise BadInput(msg("No custom field '{key}' on {obj}", key=key, obj=obj), field=where)
        if access.custom_access(definition) == custom_access.NONE:
            raise Forbidden(
                msg("Your role may not sort on {obj}.custom.{key}", obj=obj, key=key), field=where
            )
        if definition.type == "multiselect":
            raise BadInput("A multiselect field cannot be sorted on", field=where)
        out[i] = CustomSort(
            f"custom.{key}", f"sort_custom_{i}", _floored(definition), definition.type
        )
    return out
