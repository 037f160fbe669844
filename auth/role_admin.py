"""Creating, changing and deleting roles, with the escalation rules.

- The caller's role must grant the operation on ``role`` and write on the fields set (the gate
  decides, not a rank).
- A role's level is strictly below the caller's. Owners too: nobody creates a level-100 role, so
  Owners come only from ``tandem create-owner``.
- What a role grants never exceeds what the caller's own role grants (``Policy.exceeding``).
- A role may be edited or deleted only by someone who could have created it as it stands: not a
  template (templates follow the shipped data; base a custom role on one instead), not a role
  at or above the caller's level (one's own role included), not one granting more than the
  caller holds. As a changed level must stay below the editor's, a level change can never let
  the role's holders outrank the editor.
- A role held by users or API keys (revoked keys included: they keep their row) cannot be
  deleted: CONFLICT, as the role's state, not the input, is what stands in the way.
- New permissions of a role people hold must not reach, through those people's departments,
  records of a department the editor does not reach (models/access/placement.py).

Every change writes an audit entry (name, level and permission data before and after) in its
own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError

from models.access import custom_access, policy
from models.access.placement import check_placement
from models.access.policy import Policy
from models.access.principal import Principal
from models.access.records import RecordAccess
from models.audit import write_audit
from models.credentials import ApiKey
from models.department import Department
from models.errors import BadInput, Conflict, Forbidden, NotFound
from models.i18n import msg
from models.outbox import emit_access_change
from models.role import Role
from models.unit_of_work import unit_of_work
from models.user import User

MAX_NAME = 100
MIN_LEVEL = 1


@dataclass(slots=True)
class RoleChanges:
    name: str | None = None
    level: int | None = None
    # Permission data in the stored shape, as sent: validated by models.access.policy.parse.
    permissions: Mapping[str, Any] | None = None

    def fields(self) -> list[str]:
        """The catalogue fields these changes write."""
        values = {"name": self.name, "level": self.level, "permissions": self.permissions}
        return [name for name, value in values.items() if value is not None]


def snapshot(role: Role) -> dict[str, Any]:
    """What the audit log keeps of a role."""
    return {"name": role.name, "level": role.level, "permissions": role.permissions}


async def check_within(principal: Principal, granted: Policy, field: str = "permissions") -> None:
    """Refuse a grant beyond the caller's own role, naming the first thing in excess; custom
    fields as their definitions stand now."""
    excess = granted.exceeding(principal.policy)
    if not excess:
        defined = await custom_access.defined()
        excess = custom_access.exceeding(granted, principal.policy, defined)
    if excess:
        raise Forbidden(
            msg("The role would grant {excess}, which your own role does not", excess=excess[0]),
            field=field,
        )


async def check_manageable(principal: Principal, role: Role) -> None:
    if role.template is not None:
        raise Forbidden(
            "Template roles are read-only; create a custom role based on this one instead"
        )
    if role.level >= principal.role_level:
        raise Forbidden("You may only manage roles ranked below your own")
    await check_within(principal, policy.load(role.permissions))


def _name(value: str) -> str:
    name = value.strip()
    if not name or len(name) > MAX_NAME:
        raise BadInput(
            msg("A role needs a name of 1 to {max_name} characters", max_name=MAX_NAME),
            field="name",
        )
    return name


def _level(principal: Principal, level: int) -> int:
    if level < MIN_LEVEL:
        raise BadInput(msg("A level is at least {min_level}", min_level=MIN_LEVEL), field="level")
    if level >= principal.role_level:
        raise Forbidden("A role's level must be below your own", field="level")
    return level


async def _granted(
    principal: Principal, data: Mapping[str, Any], sent: Mapping[str, Any]
) -> dict[str, Any]:
    """Validated, normalised data (BAD_USER_INPUT) within the caller's rights (FORBIDDEN).
    ``sent`` is what the client wrote (``data`` may add a base role's): a custom.<key> there
    must name a defined field."""
    parsed = policy.parse(data)
    unknown = custom_access.undefined(policy.parse(sent), await custom_access.defined())
    if unknown is not None:
        raise BadInput(
            msg("No custom field {key} is defined", key=unknown.rsplit(".", 1)[-1]),
            field=unknown,
        )
    await check_within(principal, parsed)
    return parsed.to_data()


async def _require_free_name(name: str, role_id: int | None = None) -> None:
    # Case-insensitive, so "sales lead" cannot sit next to "Sales Lead"; the unique index
    # still settles a race between two requests.
    clash = Role.filter(name__iexact=name)
    if role_id is not None:
        clash = clash.exclude(id=role_id)
    if await clash.exists():
        raise BadInput("A role with this name already exists", field="name")


async def create(
    access: RecordAccess,
    *,
    name: str,
    level: int,
    permissions: Mapping[str, Any],
    based_on: int | None = None,
) -> Role:
    """``based_on`` starts from another role's data; each object in ``permissions`` then
    replaces that object's grant whole (an entry without operations removes it)."""
    access.require("create")
    access.check_write(["name", "level", "permissions"])
    principal = access.principal
    name, level = _name(name), _level(principal, level)
    data = dict(permissions)
    if based_on is not None:
        base = await Role.get_or_none(id=based_on)
        if base is None:
            raise BadInput("Unknown role", field="basedOn")
        data = {**policy.load(base.permissions).to_data(), **data}
    stored = await _granted(principal, data, permissions)
    await _require_free_name(name)
    try:
        async with unit_of_work():
            role = await Role.create(name=name, level=level, template=None, permissions=stored)
            await write_audit(
                principal.user_id, "role.create", "role", role.id, None, snapshot(role)
            )
    except IntegrityError as exc:
        raise BadInput("A role with this name already exists", field="name") from exc
    return role


async def update(
    access: RecordAccess, role_id: int, changes: RoleChanges, expected_version: int | None
) -> Role:
    access.require("update")
    access.check_write(changes.fields())
    principal = access.principal
    name = _name(changes.name) if changes.name is not None else None
    level = _level(principal, changes.level) if changes.level is not None else None
    stored = None
    if changes.permissions is not None:
        stored = await _granted(principal, changes.permissions, changes.permissions)
    if name is not None:
        await _require_free_name(name, role_id)
    try:
        async with unit_of_work():
            role = await Role.select_for_update().get_or_none(id=role_id)
            if role is None:
                raise NotFound("No such role")
            await check_manageable(principal, role)
            if expected_version is not None and role.version != expected_version:
                raise Conflict(
                    "This role was changed by someone else", current_version=role.version
                )
            if stored is not None:
                await _check_holders(principal, role, stored)
            before = snapshot(role)
            if name is not None:
                role.name = name
            if level is not None:
                role.level = level
            if stored is not None:
                role.permissions = stored
            role.version += 1
            await role.save()
            await write_audit(
                principal.user_id, "role.update", "role", role.id, before, snapshot(role)
            )
            # Open subscriptions of this role's holders apply the new permissions from here.
            await emit_access_change("role", role, changes.fields(), principal.user_id)
    except IntegrityError as exc:
        raise BadInput("A role with this name already exists", field="name") from exc
    return role


async def _check_holders(principal: Principal, role: Role, stored: Mapping[str, Any]) -> None:
    # Where its holders are; API keys holding it act within their creator
    # (models/access/intersection.py).
    departments = {d.id for d in await Department.filter(members__role_id=role.id)}
    check_placement(principal, policy.load(stored), departments, field="permissions")


async def delete(access: RecordAccess, role_id: int) -> None:
    access.require("delete")
    principal = access.principal
    try:
        async with unit_of_work():
            role = await Role.select_for_update().get_or_none(id=role_id)
            if role is None:
                raise NotFound("No such role")
            await check_manageable(principal, role)
            users = await User.filter(role_id=role.id).count()
            keys = await ApiKey.filter(role_id=role.id).count()
            if users or keys:
                raise Conflict(
                    msg(
                        "The role is in use by {users} user(s) and {keys} API key(s); give "
                        "them another role first",
                        users=users,
                        keys=keys,
                    )
                )
            before = snapshot(role)
            await role.delete()
            await write_audit(principal.user_id, "role.delete", "role", role_id, before, None)
    except IntegrityError as exc:
        # Someone was given the role between the count and the delete: the foreign key holds.
        raise Conflict("The role is in use; give its holders another role first") from exc
