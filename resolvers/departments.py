"""Departments: the list, and creating, renaming and deleting them (auth/department_admin.py)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from auth import department_admin
from models.department import Department as DepartmentModel
from models.global_ids import from_global_id
from resolvers.api.admin_inputs import DepartmentCreateInput, DepartmentUpdateInput
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]


async def departments(info: Ctx) -> list[DepartmentModel]:
    info.context.access("department").require("read")
    return list(await DepartmentModel.all().order_by("name"))


async def department_create(info: Ctx, input: DepartmentCreateInput) -> DepartmentModel:
    return await department_admin.create(info.context.access("department"), input.name)


async def department_update(info: Ctx, input: DepartmentUpdateInput) -> DepartmentModel:
    department = await department_admin.update(
        info.context.access("department"),
        from_global_id(input.id, "Department"),
        input.name,
        input.expected_version,
    )
    return department


async def department_delete(info: Ctx, id: strawberry.ID) -> bool:
    await department_admin.delete(
        info.context.access("department"), from_global_id(id, "Department")
    )
    return True
