"""Types for people, sign-in and access: User, Role, Department, AuthPayload, API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from models.credentials import ApiKey as ApiKeyModel
from models.department import Department as DepartmentModel
from models.role import Role as RoleModel
from models.security import IpBlock as IpBlockModel
from models.security import LoginAttempt as LoginAttemptModel
from models.user import User as UserModel
from schema.types.node import Node, to_global_id


@strawberry.type
class Department(Node):
    name: str

    @classmethod
    def from_model(cls, m: DepartmentModel) -> Department:
        return cls(id=to_global_id("Department", m.id), name=m.name)


@strawberry.type
class Role(Node):
    name: str
    level: int = strawberry.field(
        description="Rank: one may assign only roles ranked below one's own"
    )
    template: str | None

    @classmethod
    def from_model(cls, m: RoleModel) -> Role:
        return cls(id=to_global_id("Role", m.id), name=m.name, level=m.level, template=m.template)


@strawberry.type
class User(Node):
    email: str
    name: str
    locale: str
    time_zone: str
    is_active: bool
    last_login_at: datetime | None
    email_confirmed: bool
    version: int
    _model: strawberry.Private[UserModel]

    @classmethod
    def from_model(cls, m: UserModel) -> User:
        return cls(
            id=to_global_id("User", m.id),
            email=m.email,
            name=m.name,
            locale=m.locale,
            time_zone=m.time_zone,
            is_active=m.is_active,
            last_login_at=m.last_login_at,
            email_confirmed=m.email_confirmed_at is not None,
            version=m.version,
            _model=m,
        )

    @strawberry.field
    async def role(self) -> Role:
        return Role.from_model(await RoleModel.get(id=self._model.role_id))

    @strawberry.field
    async def departments(self) -> list[Department]:
        return [Department.from_model(d) for d in await self._model.departments.all()]

    @strawberry.field
    async def manager(self) -> Annotated[User, strawberry.lazy("schema.types.accounts")] | None:
        if self._model.manager_id is None:
            return None
        manager = await UserModel.get_or_none(id=self._model.manager_id)
        return User.from_model(manager) if manager else None


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

    @classmethod
    def from_model(cls, m: ApiKeyModel, role: RoleModel) -> ApiKey:
        return cls(
            id=to_global_id("ApiKey", m.id),
            name=m.name,
            prefix=m.prefix,
            role=Role.from_model(role),
            created_at=m.created_at,
            last_used_at=m.last_used_at,
            revoked_at=m.revoked_at,
        )


@strawberry.type
class ApiKeyCreated:
    key: str = strawberry.field(description="The secret: shown this once, stored only hashed")
    api_key: ApiKey


@strawberry.type
class LoginAttempt:
    email: str
    ip: str | None
    user_agent: str | None
    success: bool
    reason: str
    at: datetime

    @classmethod
    def from_model(cls, m: LoginAttemptModel) -> LoginAttempt:
        return cls(
            email=m.email_key,
            ip=m.ip,
            user_agent=m.user_agent,
            success=m.success,
            reason=m.reason,
            at=m.at,
        )


@strawberry.type
class IpBlock:
    ip: str
    reason: str
    created_at: datetime

    @classmethod
    def from_model(cls, m: IpBlockModel) -> IpBlock:
        return cls(ip=m.ip, reason=m.reason, created_at=m.created_at)


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


@strawberry.input
class ApiKeyCreateInput:
    name: str
    role_id: strawberry.ID
