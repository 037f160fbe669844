"""Nobody hands a person a role ranked at or above their own, or granting more than they hold.

The Manager template may invite and edit people. It lacks, among other things, the audit log
and company-wide deal reading (Managers see their departments' deals), so a level-30 custom
role granting either is beyond it, and so are the Support template (edits every contact) and
Marketing and Read-only (read every deal). Each refusal is FORBIDDEN and changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from models.user import User
from schema.types.node import from_global_id
from tests.support import crm
from tests.support.accounts import make_user, my_id, role_id, signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import audit_count, custom_role, grant

INVITE = "mutation($in: UserInviteInput!) { userInvite(input: $in) { id email } }"
USER_UPDATE = """
mutation($in: UserUpdateInput!) { userUpdate(input: $in) { id version role { name } } }
"""

AUDIT_PEEK = {"auditEntry": grant(["read"], fields={"action": "read"})}
ALL_DEALS = {"deal": grant(["read"], "all", "own", {"title": "read"})}
DEPARTMENT_DEALS = {"deal": grant(["read"], "department", "own", {"title": "read"})}


async def role_gid(api: GraphQLClient, role: str | tuple[str, int, dict[str, Any]]) -> str:
    """A template's id by key, or a custom role's, made from (name, level, permissions)."""
    if isinstance(role, str):
        return await role_id(api, role)
    return gid(await custom_role(*role))


BEYOND_A_MANAGER = [
    pytest.param(("Audit Peek", 30, AUDIT_PEEK), id="custom-role-granting-the-audit-log"),
    pytest.param(("Deal Watcher", 30, ALL_DEALS), id="custom-role-reading-every-deal"),
    pytest.param(("Peer", 60, DEPARTMENT_DEALS), id="custom-role-at-own-level"),
    pytest.param("senior_manager", id="template-ranked-above"),
    pytest.param("manager", id="own-template"),
    pytest.param("support", id="template-editing-every-contact"),
]


@pytest.mark.parametrize("role", BEYOND_A_MANAGER)
async def test_a_manager_cannot_invite_with_a_role_beyond_their_own(
    api: GraphQLClient, role: Any
) -> None:
    manager = await signed_in(api, "manager")
    target = await role_gid(api, role)

    result = await api.execute(
        INVITE,
        {"in": {"email": "new@acme.test", "name": "New", "roleId": target}},
        token=manager.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert not await User.filter(email_key="new@acme.test").exists()


@pytest.mark.parametrize(
    "role",
    [
        pytest.param(("Deal Reader", 30, DEPARTMENT_DEALS), id="custom-role-within-its-rights"),
        pytest.param("salesperson", id="salesperson-template"),
    ],
)
async def test_a_manager_invites_with_a_lower_role_within_their_rights(
    api: GraphQLClient, role: Any
) -> None:
    manager = await signed_in(api, "manager")
    target = await role_gid(api, role)

    await api.ok(
        INVITE,
        {"in": {"email": "new@acme.test", "name": "New", "roleId": target}},
        token=manager.access_token,
    )

    assert (await User.get(email_key="new@acme.test")).role_id == from_global_id(target, "Role")


async def test_a_senior_manager_invites_a_support_agent(api: GraphQLClient) -> None:
    senior = await signed_in(api, "senior_manager")

    await api.ok(
        INVITE,
        {
            "in": {
                "email": "help@acme.test",
                "name": "Help",
                "roleId": await role_id(api, "support"),
            }
        },
        token=senior.access_token,
    )

    assert await User.filter(email_key="help@acme.test").exists()


@pytest.mark.parametrize("role", BEYOND_A_MANAGER)
async def test_a_manager_cannot_give_a_colleague_a_role_beyond_their_own(
    api: GraphQLClient, role: Any
) -> None:
    manager = await signed_in(api, "manager")
    seller = await make_user("salesperson")
    target = await role_gid(api, role)

    result = await api.execute(
        USER_UPDATE, {"in": {"id": gid(seller.user), "roleId": target}}, token=manager.access_token
    )

    assert result.codes == ["FORBIDDEN"]
    assert (await User.get(id=seller.user.id)).role_id == seller.user.role_id
    assert await audit_count() == 0


async def test_a_manager_gives_a_colleague_a_lower_role_within_their_rights(
    api: GraphQLClient,
) -> None:
    manager = await signed_in(api, "manager")
    seller = await make_user("salesperson")
    reader = await custom_role("Deal Reader", 30, DEPARTMENT_DEALS)

    data = await api.ok(
        USER_UPDATE,
        {"in": {"id": gid(seller.user), "roleId": gid(reader)}},
        token=manager.access_token,
    )

    assert data["userUpdate"]["role"] == {"name": "Deal Reader"}


@pytest.mark.parametrize("role", ["manager", "admin", "owner"])
async def test_nobody_changes_their_own_role_even_downwards(api: GraphQLClient, role: str) -> None:
    account = await signed_in(api, role)
    lower = await role_id(api, "read_only")

    result = await api.execute(
        USER_UPDATE,
        {"in": {"id": await my_id(api, account), "roleId": lower}},
        token=account.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert (await User.get(id=account.user.id)).role_id == account.user.role_id


async def test_a_manager_cannot_move_themselves_into_another_department(
    api: GraphQLClient,
) -> None:
    manager = await signed_in(api, "manager")
    marketing = await crm.department("Marketing")

    result = await api.execute(
        USER_UPDATE,
        {"in": {"id": await my_id(api, manager), "departmentIds": [gid(marketing)]}},
        token=manager.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert [d.name for d in await manager.user.departments.all()] == ["Sales"]


async def test_an_admin_moves_a_manager_into_another_department(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    manager = await make_user("manager")
    marketing = await crm.department("Marketing")

    await api.ok(
        USER_UPDATE,
        {"in": {"id": gid(manager.user), "departmentIds": [gid(marketing)]}},
        token=admin.access_token,
    )

    assert [d.name for d in await manager.user.departments.all()] == ["Marketing"]


async def test_an_owner_sets_their_own_departments(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    marketing = await crm.department("Marketing")

    await api.ok(
        USER_UPDATE,
        {"in": {"id": await my_id(api, owner), "departmentIds": [gid(marketing)]}},
        token=owner.access_token,
    )

    assert [d.name for d in await owner.user.departments.all()] == ["Marketing"]


async def test_a_salesperson_cannot_edit_a_colleague(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    colleague = await make_user("read_only")

    result = await api.execute(
        USER_UPDATE,
        {"in": {"id": gid(colleague.user), "name": "Renamed"}},
        token=seller.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert (await User.get(id=colleague.user.id)).name == colleague.user.name


HR_CLERK = {
    "user": grant(
        ["create", "read", "update"],
        fields={"name": "write", "email": "read", "role": "read", "departments": "read"},
    ),
    "role": grant(["read"], fields={"name": "read"}),
}


async def test_a_role_that_may_not_write_the_role_field_cannot_change_roles(
    api: GraphQLClient,
) -> None:
    clerk = await signed_in(api, await custom_role("HR Clerk", 60, HR_CLERK))
    seller = await make_user("salesperson")
    reader = await custom_role("Deal Reader", 30, {})

    refused = await api.execute(
        USER_UPDATE,
        {"in": {"id": gid(seller.user), "roleId": gid(reader)}},
        token=clerk.access_token,
    )
    renamed = await api.ok(
        USER_UPDATE, {"in": {"id": gid(seller.user), "name": "Sam"}}, token=clerk.access_token
    )

    assert refused.errors[0]["extensions"] == {"code": "FORBIDDEN", "field": "role"}
    assert renamed["userUpdate"]["version"] == 2
    assert (await User.get(id=seller.user.id)).role_id == seller.user.role_id


async def test_a_deactivation_needs_the_delete_operation_on_users(api: GraphQLClient) -> None:
    clerk = await signed_in(api, await custom_role("HR Clerk", 60, HR_CLERK))
    seller = await make_user("salesperson")

    result = await api.execute(
        "mutation($id: ID!) { userDeactivate(id: $id) { isActive } }",
        {"id": gid(seller.user)},
        token=clerk.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert (await User.get(id=seller.user.id)).is_active
