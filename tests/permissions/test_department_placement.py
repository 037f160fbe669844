"""Nobody places a person where their role would reach beyond what the one placing them reaches.

A Manager reads the deals of its own departments (Sales). Inviting an address it controls into
Marketing, moving a Salesperson there, giving a Marketing colleague a role that reads by
department, or widening a role Marketing people hold would let it read Marketing's deals through
that account: each is FORBIDDEN and changes nothing. Whoever reads every department (Senior
Manager) places people anywhere. An API key acts within its creator's current role.
"""

from __future__ import annotations

from typing import Any

from models.role import Role
from models.user import User
from tests.support import crm
from tests.support.accounts import make_user, my_role_id, role_id, signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import audit_count, custom_role, entry, grant

INVITE = "mutation($in: UserInviteInput!) { userInvite(input: $in) { id } }"
USER_UPDATE = "mutation($in: UserUpdateInput!) { userUpdate(input: $in) { id } }"
ROLE_UPDATE = "mutation($in: RoleUpdateInput!) { roleUpdate(input: $in) { id } }"
DEALS = "query { deals { totalCount } }"
OWN_DEALS = {"deal": grant(["read"], "own", "own", {"title": "read"})}


async def _member_names(user: User) -> list[str]:
    return [d.name for d in await user.departments.all()]


async def test_a_manager_cannot_invite_into_another_department(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    marketing = await crm.department("Marketing")
    seller = await role_id(api, "salesperson")

    result = await api.execute(
        INVITE,
        {
            "in": {
                "email": "mine@acme.test",
                "name": "Mine",
                "roleId": seller,
                "departmentIds": [gid(marketing)],
            }
        },
        token=manager.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert result.errors[0]["extensions"]["field"] == "departmentIds"
    assert not await User.filter(email_key="mine@acme.test").exists()


async def _invite_salesperson(api: GraphQLClient, token: str, department: Any) -> None:
    invite = {
        "email": "new@acme.test",
        "name": "New",
        "roleId": await role_id(api, "salesperson"),
        "departmentIds": [gid(department)],
    }
    await api.ok(INVITE, {"in": invite}, token=token)


async def test_a_manager_invites_into_its_own_department(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    sales = await crm.department("Sales")

    await _invite_salesperson(api, manager.access_token, sales)

    assert await _member_names(await User.get(email_key="new@acme.test")) == ["Sales"]


async def test_a_senior_manager_invites_into_any_department(api: GraphQLClient) -> None:
    senior = await signed_in(api, "senior_manager")
    marketing = await crm.department("Marketing")

    await _invite_salesperson(api, senior.access_token, marketing)

    assert await _member_names(await User.get(email_key="new@acme.test")) == ["Marketing"]


async def test_a_manager_cannot_move_a_salesperson_into_another_department(
    api: GraphQLClient,
) -> None:
    manager = await signed_in(api, "manager")
    seller = await make_user("salesperson")
    marketing = await crm.department("Marketing")

    result = await api.execute(
        USER_UPDATE,
        {"in": {"id": gid(seller.user), "departmentIds": [gid(marketing)]}},
        token=manager.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert await _member_names(seller.user) == ["Sales"]
    assert await audit_count() == 0


async def test_a_manager_cannot_give_a_colleague_elsewhere_a_role_reading_by_department(
    api: GraphQLClient,
) -> None:
    manager = await signed_in(api, "manager")
    clerk = await custom_role("Clerk", 10, OWN_DEALS)
    outsider = await make_user(clerk, email="clerk@acme.test", department="Marketing")

    result = await api.execute(
        USER_UPDATE,
        {"in": {"id": gid(outsider.user), "roleId": await role_id(api, "salesperson")}},
        token=manager.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert result.errors[0]["extensions"]["field"] == "roleId"
    assert (await User.get(id=outsider.user.id)).role_id == clerk.id


async def test_a_manager_still_manages_the_people_of_its_department(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    clerk = await custom_role("Clerk", 10, OWN_DEALS)
    seller = await make_user("salesperson")

    await api.ok(
        USER_UPDATE,
        {"in": {"id": gid(seller.user), "roleId": gid(clerk)}},
        token=manager.access_token,
    )

    assert (await User.get(id=seller.user.id)).role_id == clerk.id


async def _team_lead(api: GraphQLClient) -> str:
    """A custom role editing roles, reading deals of its departments only."""
    lead = await custom_role(
        "Team Lead",
        50,
        {
            "role": grant(
                ["create", "read", "update"],
                fields={"name": "write", "level": "write", "permissions": "write"},
            ),
            "deal": grant(["read"], "department", "own", {"title": "read"}),
        },
    )
    return (await signed_in(api, lead, email="lead@acme.test")).access_token


async def test_widening_a_role_held_in_another_department_is_refused(api: GraphQLClient) -> None:
    token = await _team_lead(api)
    clerk = await custom_role("Clerk", 10, OWN_DEALS)
    await make_user(clerk, email="clerk@acme.test", department="Marketing")
    widened = [entry("deal", ["read"], "DEPARTMENT", "OWN", read=["title"])]

    result = await api.execute(
        ROLE_UPDATE, {"in": {"id": gid(clerk), "permissions": widened}}, token=token
    )

    assert result.codes == ["FORBIDDEN"]
    assert result.errors[0]["extensions"]["field"] == "permissions"
    assert (await Role.get(id=clerk.id)).permissions == OWN_DEALS


async def test_widening_a_role_held_in_ones_own_department_is_allowed(api: GraphQLClient) -> None:
    token = await _team_lead(api)
    clerk = await custom_role("Clerk", 10, OWN_DEALS)
    await make_user(clerk, email="clerk@acme.test", department="Sales")
    widened = [entry("deal", ["read"], "DEPARTMENT", "OWN", read=["title"])]

    await api.ok(ROLE_UPDATE, {"in": {"id": gid(clerk), "permissions": widened}}, token=token)

    assert (await Role.get(id=clerk.id)).permissions["deal"]["readScope"] == "department"


async def test_an_api_key_loses_what_its_creator_loses(api: GraphQLClient) -> None:
    creator = await signed_in(api, "owner")
    other_owner = await signed_in(api, "owner", email="second.owner@acme.test")
    senior = await signed_in(api, "senior_manager")
    await crm.deal(other_owner.user, await crm.department("Marketing"))
    key = (
        await api.ok(
            "mutation($in: ApiKeyCreateInput!) { apiKeyCreate(input: $in) { key } }",
            {"in": {"name": "BI", "roleId": await my_role_id(api, senior.access_token)}},
            token=creator.access_token,
        )
    )["apiKeyCreate"]["key"]
    assert (await api.ok(DEALS, token=key))["deals"]["totalCount"] == 1

    await api.ok(
        USER_UPDATE,
        {"in": {"id": gid(creator.user), "roleId": await role_id(api, "salesperson")}},
        token=other_owner.access_token,
    )

    assert (await api.ok(DEALS, token=key))["deals"]["totalCount"] == 0
    audit = await api.execute("query { auditLog(first: 5) { totalCount } }", token=key)
    assert audit.codes == ["FORBIDDEN"]
