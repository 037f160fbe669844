"""Inputs for administering roles, departments and record ownership."""

from __future__ import annotations

import strawberry

from resolvers.api.permissions import ObjectPermissionInput


@strawberry.input
class RoleInput:
    name: str
    level: int = strawberry.field(description="Must be below your own role's level")
    permissions: list[ObjectPermissionInput] = strawberry.field(
        description="Per object; with basedOn, each entry replaces that object's grant whole"
    )
    based_on: strawberry.ID | None = strawberry.field(
        default=None, description="Start from this role's permissions"
    )


@strawberry.input
class RoleUpdateInput:
    id: strawberry.ID
    name: str | None = None
    level: int | None = None
    permissions: list[ObjectPermissionInput] | None = strawberry.field(
        default=None, description="Replaces the role's permissions whole"
    )
    expected_version: int | None = None


@strawberry.input
class DepartmentCreateInput:
    name: str


@strawberry.input
class DepartmentUpdateInput:
    id: strawberry.ID
    name: str | None = None
    expected_version: int | None = None


@strawberry.input
class RecordsAssignInput:
    ids: list[strawberry.ID] = strawberry.field(description="Companies, contacts or deals")
    owner_id: strawberry.ID = strawberry.field(description="An active user")
    department_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Defaults to the new owner's first department (lowest id), or none",
    )
