"""Managing people: invitations, profile and role changes, deactivation, with the rank rules.

What one may do is the gate's answer on the ``user`` object (create = invite, update, delete =
deactivate) and its fields; on top of it, the rank rules: one may only assign roles ranked below
one's own that grant nothing one's own role lacks, and only manage users ranked below one. The
last active Owner can be neither demoted nor deactivated. Nobody changes their own role or (below
Owner) their own departments: both would widen what they reach. Nor does anyone place a user,
by invitation or change, where the user's role would reach records of a department the one
placing them does not reach (models/access/placement.py).

Role and department changes write an audit entry in the transaction of the change.
"""

from __future__ import annotations

from dataclasses import dataclass

from auth.role_admin import check_within
from auth.sessions import end_all_sessions
from models.access import policy
from models.access.placement import check_placement
from models.access.principal import Principal
from models.access.records import RecordAccess
from models.audit import write_audit
from models.department import Department
from models.errors import BadInput, Conflict, Forbidden, NotFound
from models.outbox import emit_access_change
from models.role import Role
from models.unit_of_work import unit_of_work
from models.user import User
from models.user_actions import create_user

OWNER_TEMPLATE = "owner"
OWNER_LEVEL = 100
# Profile fields everyone may change on themselves, whatever their role grants on users.
PROFILE_FIELDS = ("name", "locale", "timeZone")


async def assignable_role(principal: Principal, role_id: int, field: str = "roleId") -> Role:
    """A role the principal may hand out (to a user or an API key)."""
    role = await Role.get_or_none(id=role_id)
    if role is None:
        raise BadInput("Unknown role", field=field)
    if role.level >= principal.role_level:
        raise Forbidden("You may only assign roles ranked below your own", field=field)
    await check_within(principal, policy.load(role.permissions), field=field)
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
    access: RecordAccess,
    *,
    email: str,
    name: str,
    role_id: int,
    department_ids: list[int],
    manager_id: int | None,
) -> User:
    access.require("create")
    # The address is what an invitation is, not a later edit of the email field (which the
    # Manager templates may not make), so it is not checked as a field write.
    written = ["name", "role"]
    written += ["departments"] if department_ids else []
    written += ["manager"] if manager_id is not None else []
    access.check_write(written)
    role = await assignable_role(access.principal, role_id)
    departments = await _departments(department_ids)
    check_placement(access.principal, policy.load(role.permissions), department_ids)
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
        actor_id=access.principal.user_id,
        # The invitation goes out in the inviter's language, which the new member keeps
        # until they choose their own (userUpdate's locale).
        locale=access.principal.locale,
    )


@dataclass(slots=True)
class UserChanges:
    name: str | None = None
    locale: str | None = None
    time_zone: str | None = None
    role_id: int | None = None
    department_ids: list[int] | None = None
    manager_id: int | None = None

    def fields(self) -> list[str]:
        """The catalogue fields these changes write."""
        values = {
            "name": self.name,
            "locale": self.locale,
            "timeZone": self.time_zone,
            "role": self.role_id,
            "departments": self.department_ids,
            "manager": self.manager_id,
        }
        return [name for name, value in values.items() if value is not None]


async def _is_last_owner(user: User) -> bool:
    if user.role.template != OWNER_TEMPLATE:
        return False
    owners = await User.filter(role__template=OWNER_TEMPLATE, is_active=True).count()
    return owners <= 1


def _check_update(access: RecordAccess, user_id: int, changes: UserChanges) -> None:
    principal = access.principal
    written = changes.fields()
    if user_id == principal.user_id:
        if changes.role_id is not None:
            raise Forbidden("You cannot change your own role", field="roleId")
        # Department scope is measured by one's departments; Owners already reach everything.
        if changes.department_ids is not None and principal.role_level < OWNER_LEVEL:
            raise Forbidden("You cannot change your own departments", field="departmentIds")
        written = [f for f in written if f not in PROFILE_FIELDS]
        if not written:
            return
    access.require("update")
    access.check_write(written)


async def update(
    access: RecordAccess, user_id: int, changes: UserChanges, expected_version: int | None
) -> User:
    principal = access.principal
    _check_update(access, user_id, changes)
    user = await managed_user(principal, user_id)
    await _check_reach(principal, user, changes)
    async with unit_of_work():
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
            role = await assignable_role(principal, changes.role_id)
            await write_audit(
                principal.user_id,
                "user.role",
                "user",
                fresh.id,
                {"role": fresh.role_id},
                {"role": role.id},
            )
            fresh.role = role
        if changes.manager_id is not None:
            if not await User.filter(id=changes.manager_id).exists():
                raise BadInput("Unknown manager", field="managerId")
            fresh.manager_id = changes.manager_id
        if changes.department_ids is not None:
            await _set_departments(principal, fresh, await _departments(changes.department_ids))
        fresh.version += 1
        await fresh.save()
        await emit_access_change("user", fresh, _changed(changes), principal.user_id)
    return fresh


async def _check_reach(principal: Principal, user: User, changes: UserChanges) -> None:
    """The user's role and departments after the change, within what the principal reaches."""
    if changes.role_id is None and changes.department_ids is None:
        return
    role = user.role
    if changes.role_id is not None and changes.role_id != user.role_id:
        role = await assignable_role(principal, changes.role_id)
    departments = changes.department_ids
    if departments is None:
        departments = [d.id for d in await user.departments.all()]
    field = "departmentIds" if changes.department_ids is not None else "roleId"
    check_placement(principal, policy.load(role.permissions), departments, field)


def _changed(changes: UserChanges) -> list[str]:
    columns = {
        "role_id": changes.role_id,
        "manager_id": changes.manager_id,
        "name": changes.name,
        "locale": changes.locale,
        "time_zone": changes.time_zone,
    }
    names = [column for column, value in columns.items() if value is not None]
    return names + (["departments"] if changes.department_ids is not None else [])


async def _set_departments(principal: Principal, user: User, departments: list[Department]) -> None:
    before = sorted(await user.departments.all().values_list("id", flat=True))
    after = sorted(d.id for d in departments)
    if before == after:
        return
    await user.departments.clear()
    await user.departments.add(*departments)
    await write_audit(
        principal.user_id,
        "user.departments",
        "user",
        user.id,
        {"departments": before},
        {"departments": after},
    )


async def deactivate(access: RecordAccess, user_id: int) -> User:
    access.require("delete")
    principal = access.principal
    user = await managed_user(principal, user_id)
    if user.id == principal.user_id:
        raise Forbidden("You cannot deactivate yourself")
    if await _is_last_owner(user):
        raise Forbidden("The last Owner cannot be deactivated")
    async with unit_of_work():
        user.is_active = False
        user.version += 1
        await user.save(update_fields=["is_active", "version", "updated_at"])
        await write_audit(
            principal.user_id,
            "user.deactivate",
            "user",
            user.pk,
            {"active": True},
            {"active": False},
        )
        # Open subscriptions of this user end at this event.
        await emit_access_change("user", user, ["is_active"], principal.user_id)
    await end_all_sessions(user, principal.user_id)
    return user
