"""Roles: the list, and creating, changing and deleting custom roles (auth/role_admin.py)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from auth import role_admin
from models.global_ids import from_global_id
from models.role import Role as RoleModel
from resolvers.api.admin_inputs import RoleInput, RoleUpdateInput
from resolvers.api.permissions import to_data
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]


async def roles(info: Ctx) -> list[RoleModel]:
    info.context.access("role").require("read")
    return list(await RoleModel.all().order_by("-level", "name"))


async def role_create(info: Ctx, input: RoleInput) -> RoleModel:
    role = await role_admin.create(
        info.context.access("role"),
        name=input.name,
        level=input.level,
        permissions=to_data(input.permissions),
        based_on=from_global_id(input.based_on, "Role", field="basedOn")
        if input.based_on
        else None,
    )
    return role


async def role_update(info: Ctx, input: RoleUpdateInput) -> RoleModel:
    changes = role_admin.RoleChanges(
        name=input.name,
        level=input.level,
        permissions=to_data(input.permissions) if input.permissions is not None else None,
    )
    role = await role_admin.update(
        info.context.access("role"),
        from_global_id(input.id, "Role"),
        changes,
        input.expected_version,
    )
    return role


async def role_delete(info: Ctx, id: strawberry.ID) -> bool:
    await role_admin.delete(info.context.access("role"), from_global_id(id, "Role"))
    return True
