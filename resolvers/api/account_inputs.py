"""Inputs for inviting and changing users."""

from __future__ import annotations

import strawberry


@strawberry.input
class UserInviteInput:
    email: str
    name: str
    role_id: strawberry.ID
    department_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    manager_id: strawberry.ID | None = None


@strawberry.input
class UserUpdateInput:
    id: strawberry.ID
    name: str | None = None
    locale: str | None = None
    time_zone: str | None = None
    role_id: strawberry.ID | None = None
    department_ids: list[strawberry.ID] | None = None
    manager_id: strawberry.ID | None = None
    expected_version: int | None = None
