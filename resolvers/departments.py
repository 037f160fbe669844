"""Departments: the list, and creating, renaming and deleting them (auth/department_admin.py)."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.types import Info

from auth import department_admin
from models.department import Department as DepartmentModel
from models.global_ids import from_global_id
from resolvers.context import RequestContext
from schema.types.accounts import Department
from schema.types.admin_inputs import DepartmentCreateInput, DepartmentUpdateInput

Ctx = Info[RequestContext, None]


async def departments(info: Ctx) -> list[Department]:
    info.context.access("department").require("read")
    return cast(list[Department], list(await DepartmentModel.all().order_by("name")))


async def department_create(info: Ctx, input: DepartmentCreateInput) -> Department:
    return cast(
        Department, await department_admin.create(info.context.access("department"), input.name)
    )


async def department_update(info: Ctx, input: DepartmentUpdateInput) -> Department:
    department = await department_admin.update(
        info.context.access("department"),
        from_global_id(input.id, "Department"),
        input.name,
        input.expected_version,
    )
    return cast(Department, department)


async def department_delete(info: Ctx, id: strawberry.ID) -> bool:
    await department_admin.delete(
        info.context.access("department"), from_global_id(id, "Department")
    )
    return True


query_fields = {"departments": strawberry.field(departments, description="By name")}
mutation_fields = {
    "department_create": strawberry.mutation(department_create),
    "department_update": strawberry.mutation(department_update),
    "department_delete": strawberry.mutation(
        department_delete,
        description="Refused (CONFLICT) while it has members, records or pipelines",
    ),
}
