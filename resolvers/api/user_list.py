"""The filter and order of the users list (resolvers/users.py); checked by the list builder."""

from __future__ import annotations

from enum import Enum

import strawberry

from resolvers.api.sorting import SortDirection


@strawberry.input
class UserFilter:
    search: str | None = strawberry.field(
        default=None, description="Name or e-mail contains (readable fields only)"
    )
    active: bool | None = strawberry.field(default=None, description="Active or deactivated")
    role_id: strawberry.ID | None = None
    department_id: strawberry.ID | None = strawberry.field(
        default=None, description="Members of this department"
    )


@strawberry.enum
class UserSortField(Enum):
    NAME = "name"
    EMAIL = "email"
    CREATED_AT = "createdAt"


@strawberry.input
class UserOrder:
    field: UserSortField
    direction: SortDirection = SortDirection.ASC
