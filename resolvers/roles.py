"""Roles: the list, and creating, changing and deleting custom roles (auth/role_admin.py)."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.types import Info

from auth import role_admin
from models.global_ids import from_global_id
from models.role import Role as RoleModel
from resolvers.context import RequestContext
from schema.types.accounts import Role
from schema.types.admin_inputs import RoleInput, RoleUpdateInput
from schema.types.permissions import to_data

Ctx = Info[RequestContext, None]


async def roles(info: Ctx) -> list[Role]:
    info.context.access("role").require("read")
    return cast(list[Role], list(await RoleModel.all().order_by("-level", "name")))


async def role_create(info: Ctx, input: RoleInput) -> Role:
    role = await role_admin.create(
        info.context.access("role"),
        name=input.name,
        level=input.level,
        permissions=to_data(input.permissions),
        based_on=from_global_id(input.based_on, "Role", field="basedOn")
        if input.based_on
        else None,
    )
    return cast(Role, role)


async def role_update(info: Ctx, input: RoleUpdateInput) -> Role:
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
    return cast(Role, role)


async def role_delete(info: Ctx, id: strawberry.ID) -> bool:
    await role_admin.delete(info.context.access("role"), from_global_id(id, "Role"))
    return True


query_fields = {
    "roles": strawberry.field(roles, description="Every role, highest level first"),
}
mutation_fields = {
    "role_create": strawberry.mutation(
        role_create, description="A custom role below your level, granting no more than yours"
    ),
    "role_update": strawberry.mutation(
        role_update, description="Custom roles only; template roles are read-only"
    ),
    "role_delete": strawberry.mutation(
        role_delete, description="Refused (CONFLICT) while users or API keys hold the role"
    ),
}
