"""Types for people, sign-in and access: User, Role, Department, AuthPayload, API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from models.access import policy
from models.access.role_templates import TEMPLATE_NAMES
from models.department import Department as DepartmentModel
from models.errors import Forbidden
from models.i18n import render
from models.notification import Notification as NotificationModel
from models.role import Role as RoleModel
from models.user import User as UserModel
from resolvers import custom_fields, records, security
from resolvers.api.permissions import ObjectPermission, matrix
from resolvers.context import RequestContext
from schema.permission import SelfOrGuard, record_type
from schema.types.node import Node

Ctx = Info[RequestContext, None]


@record_type("department", DepartmentModel)
class Department(Node):
    version: int
    created_at: datetime
    updated_at: datetime


@record_type("role", RoleModel)
class Role(Node):
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(
        description="The role's name; a template role's in the caller's language (en, es, fr)"
    )
    def name(self, root: strawberry.Parent[RoleModel], info: Ctx) -> str | None:
        template = TEMPLATE_NAMES.get(root.template or "")
        if template is None or root.name != template:
            return root.name
        return render(template, info.context.language)

    @strawberry.field(
        description="What the role grants, per object and field (custom fields as custom.<key>)"
    )
    async def permissions(
        self, root: strawberry.Parent[RoleModel], info: Ctx
    ) -> list[ObjectPermission] | None:
        defined = await custom_fields.every_definition(info.context.cache)
        return matrix(policy.load(root.permissions), defined)


@record_type(
    "user", UserModel, guard=SelfOrGuard, relations=("permissions", "unreadNotificationCount")
)
class User(Node):
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field
    def email_confirmed(self, root: strawberry.Parent[UserModel]) -> bool | None:
        return root.email_confirmed_at is not None

    @strawberry.field
    async def role(self, root: strawberry.Parent[UserModel], info: Ctx) -> Role | None:
        if root.id == info.context.require_principal().user_id:
            return await info.context.loaders.of(RoleModel).load(root.role_id)
        return await records.related(info, "role", RoleModel, root.role_id)

    @strawberry.field
    async def departments(
        self, root: strawberry.Parent[UserModel], info: Ctx
    ) -> list[Department] | None:
        rows = await root.departments.all()
        departments = info.context.access("department")
        if root.id == departments.user_id or departments.can("read"):
            return list(rows)
        return []

    @strawberry.field
    async def manager(self, root: strawberry.Parent[UserModel], info: Ctx) -> User | None:
        return await records.related(info, "user", UserModel, root.manager_id)

    @strawberry.field(
        description="How many of your notifications are unread (on your own user only)"
    )
    async def unread_notification_count(
        self, root: strawberry.Parent[UserModel], info: Ctx
    ) -> int | None:
        notifications = info.context.access("notification")
        if root.id != notifications.user_id:
            raise Forbidden(
                "Only you may count your notifications", field="unreadNotificationCount"
            )
        unread = Q(read_at__isnull=True)
        return await notifications.rows(NotificationModel, unread).count()

    @strawberry.field(
        description="The effective permission matrix: your own, or (with read on roles) "
        "that of this user's role"
    )
    async def permissions(
        self, root: strawberry.Parent[UserModel], info: Ctx
    ) -> list[ObjectPermission]:
        roles = info.context.access("role")
        defined = await custom_fields.every_definition(info.context.cache)
        if root.id == roles.user_id:
            return matrix(roles.policy, defined)
        roles.require("read")
        role = await info.context.loaders.of(RoleModel).load(root.role_id)
        return matrix(policy.load(role.permissions), defined)


@strawberry.type
class AuthPayload:
    access_token: str
    access_token_expires_at: datetime
    refresh_token: str
    user: User


@strawberry.type
class ApiKey(Node):
    name: str
    prefix: str
    role: Role
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    form_only: bool = False

    @classmethod
    def is_type_of(cls, source: Any, _info: Any) -> bool:
        # The resolvers return plain keys (resolvers/security.py), not instances of this type.
        return isinstance(source, (cls, security.ApiKey))


@strawberry.type
class ApiKeyCreated:
    key: str = strawberry.field(description="The secret: shown this once, stored only hashed")
    api_key: ApiKey


records.register("User", "user", UserModel)
records.register("Role", "role", RoleModel)
records.register("Department", "department", DepartmentModel)
