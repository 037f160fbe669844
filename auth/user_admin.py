"""Managing people: invitations, profile and role changes, deactivation, with the rank rules.

A user may only invite or assign roles ranked below their own, and only manage users ranked
below them. The last active Owner can be neither demoted nor deactivated.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from auth.principal import Principal
from auth.sessions import end_all_sessions
from models.department import Department
from models.errors import BadInput, Conflict, Forbidden, NotFound
from models.role import Role
from models.user import User
from models.user_actions import create_user

# Managers and above may manage people (issue "Roles and field-level permissions" moves this
# into the role data).
MANAGE_USERS_LEVEL = 60
OWNER_TEMPLATE = "owner"
OWNER_LEVEL = 100


def require_manager(principal: Principal) -> None:
    if principal.role_level < MANAGE_USERS_LEVEL:
        raise Forbidden("Managing users needs a Manager role or higher")


async def assignable_role(principal: Principal, role_id: int, field: str = "roleId") -> Role:
    role = await Role.get_or_none(id=role_id)
    if role is None:
        raise BadInput("Unknown role", field=field)
    if role.level >= principal.role_level:
        raise Forbidden("You may only assign roles ranked below your own", field=field)
    return role


async def _departments(ids: list[int]) -> list[Department]:
    found = await Department.filter(id__in=ids)
    if len(found) != len(set(ids)):
        raise BadInput("Unknown department", field="departmentIds")
    return list(found)


async def managed_user(principal: Principal, user_id: int) -> User:
    user = await User.get_or_none(id=user_id).select_related("role")
    if user is None:
        raise NotFound("No such user")
    # Owners are the top rank: they manage each other (the last-Owner rule keeps one).
    peer_owner = principal.role_level >= OWNER_LEVEL
    if user.id != principal.user_id and user.role.level >= principal.role_level and not peer_owner:
        raise Forbidden("You may only manage users ranked below you")
    return user


async def invite(
    principal: Principal,
    *,
    email: str,
    name: str,
    role_id: int,
    department_ids: list[int],
    manager_id: int | None,
) -> User:
    require_manager(principal)
    role = await assignable_role(principal, role_id)
    departments = await _departments(department_ids)
    manager = None
    if manager_id is not None:
        manager = await User.get_or_none(id=manager_id)
        if manager is None:
            raise BadInput("Unknown manager", field="managerId")
    return await create_user(
        email=email,
        name=name,
        role=role,
        password_hash=None,
        departments=departments,
        manager=manager,
    )


@dataclass(slots=True)
class UserChanges:
    name: str | None = None
    locale: str | None = None
    time_zone: str | None = None
    role_id: int | None = None
    department_ids: list[int] | None = None
    manager_id: int | None = None


async def _is_last_owner(user: User) -> bool:
    if user.role.template != OWNER_TEMPLATE:
        return False
    owners = await User.filter(role__template=OWNER_TEMPLATE, is_active=True).count()
    return owners <= 1


async def update(
    principal: Principal, user_id: int, changes: UserChanges, expected_version: int | None
) -> User:
    user = await managed_user(principal, user_id)
    admin_fields = (changes.role_id, changes.department_ids, changes.manager_id)
    if any(v is not None for v in admin_fields):
        require_manager(principal)
        if user.id == principal.user_id and changes.role_id is not None:
            raise Forbidden("You cannot change your own role", field="roleId")
    elif user.id != principal.user_id:
        require_manager(principal)
    async with in_transaction():
        fresh = await User.select_for_update().get(id=user.id)
        if expected_version is not None and fresh.version != expected_version:
            raise Conflict("This user was changed by someone else", current_version=fresh.version)
        if changes.name is not None:
            if not changes.name.strip():
                raise BadInput("Name must not be empty", field="name")
            fresh.name = changes.name.strip()
        if changes.locale is not None:
            fresh.locale = changes.locale
        if changes.time_zone is not None:
            fresh.time_zone = changes.time_zone
        if changes.role_id is not None and changes.role_id != fresh.role_id:
            if await _is_last_owner(user):
                raise Forbidden("The last Owner cannot be demoted", field="roleId")
            # No token needs ending: each request loads the caller's role afresh.
            fresh.role = await assignable_role(principal, changes.role_id)
        if changes.manager_id is not None:
            if not await User.filter(id=changes.manager_id).exists():
                raise BadInput("Unknown manager", field="managerId")
            fresh.manager_id = changes.manager_id
        if changes.department_ids is not None:
            departments = await _departments(changes.department_ids)
            await fresh.departments.clear()
            await fresh.departments.add(*departments)
        fresh.version += 1
        await fresh.save()
    return fresh


async def deactivate(principal: Principal, user_id: int) -> User:
    require_manager(principal)
    user = await managed_user(principal, user_id)
    if user.id == principal.user_id:
        raise Forbidden("You cannot deactivate yourself")
    if await _is_last_owner(user):
        raise Forbidden("The last Owner cannot be deactivated")
    user.is_active = False
    user.version += 1
    await user.save(update_fields=["is_active", "version", "updated_at"])
    await end_all_sessions(user)
    return user
