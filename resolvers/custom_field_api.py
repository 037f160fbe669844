"""customFields and customFieldDefine/Update/Remove: thin over resolvers/custom_fields.py."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.unset import UNSET

from models.global_ids import from_global_id
from resolvers import custom_fields
from resolvers.api.custom_fields import (
    CustomFieldDefineInput,
    CustomFieldDefinition,
    CustomFieldUpdateInput,
)
from resolvers.api.kinds import ObjectKind
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]


async def custom_fields_query(info: Ctx, object: ObjectKind) -> list[CustomFieldDefinition]:
    info.context.access("customField").require("read")
    defs = await custom_fields.definitions(info.context.cache, object.value)
    return [CustomFieldDefinition(_row=d) for d in defs]


async def custom_field_define(info: Ctx, input: CustomFieldDefineInput) -> CustomFieldDefinition:
    made = await custom_fields.define(
        info.context.access("customField"),
        input.object.value,
        input.key,
        input.label,
        input.type.value,
        input.options,
        input.sensitive,
    )
    return CustomFieldDefinition(_row=made)


async def custom_field_update(info: Ctx, input: CustomFieldUpdateInput) -> CustomFieldDefinition:
    changes: dict[str, Any] = {
        name: getattr(input, name)
        for name in ("label", "options", "sensitive")
        if getattr(input, name) is not UNSET
    }
    pk = from_global_id(input.id, "CustomFieldDefinition")
    row = await custom_fields.change(
        info.context.access("customField"), pk, changes, input.expected_version
    )
    return CustomFieldDefinition(_row=row)


async def custom_field_remove(info: Ctx, id: strawberry.ID) -> bool:
    return await custom_fields.remove(
        info.context.access("customField"), from_global_id(id, "CustomFieldDefinition")
    )
