"""The audit log: who changed roles, people's roles and departments, and record owners.

Only roles granting auditEntry read see it (the Owner, Admin and Senior Manager templates);
entries come newest first, and a refused change leaves none.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import crm
from tests.support.accounts import make_user, role_id, signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, entry, grant

AUDIT_LOG = """
query Log($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id action object recordId actor { name } before after at } }
  }
}
"""
ROLE_CREATE = "mutation($in: RoleInput!) { roleCreate(input: $in) { id } }"
ROLE_UPDATE = "mutation($in: RoleUpdateInput!) { roleUpdate(input: $in) { id } }"
ROLE_DELETE = "mutation($id: ID!) { roleDelete(id: $id) }"
USER_UPDATE = "mutation($in: UserUpdateInput!) { userUpdate(input: $in) { id } }"
ASSIGN = "mutation($in: RecordsAssignInput!) { recordsAssign(input: $in) { id } }"

JUNIOR = {"deal": grant(["read"], "department", "own", {"title": "read"})}


def nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in data["auditLog"]["edges"]]


async def test_a_role_change_leaves_an_entry_with_actor_before_and_after(
    api: GraphQLClient,
) -> None:
    senior = await signed_in(api, "senior_manager")
    junior = await custom_role("Junior", 50, JUNIOR)

    await api.ok(ROLE_UPDATE, {"in": {"id": gid(junior), "level": 55}}, token=senior.access_token)

    data = await api.ok(AUDIT_LOG, token=senior.access_token)
    [logged] = nodes(data)
    assert (logged["action"], logged["object"], logged["recordId"]) == (
        "role.update",
        "role",
        gid(junior),
    )
    assert logged["actor"] == {"name": senior.user.name}
    assert logged["before"] == {"name": "Junior", "level": 50, "permissions": JUNIOR}
    assert logged["after"] == {"name": "Junior", "level": 55, "permissions": JUNIOR}
    assert logged["at"] is not None


async def test_creating_and_deleting_a_role_are_logged_newest_first(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    created = await api.ok(
        ROLE_CREATE,
        {"in": {"name": "Temp", "level": 20, "permissions": [entry("deal", ["read"])]}},
        token=admin.access_token,
    )
    await api.ok(ROLE_DELETE, {"id": created["roleCreate"]["id"]}, token=admin.access_token)

    data = await api.ok(AUDIT_LOG, token=admin.access_token)

    deleted, made = nodes(data)
    assert (deleted["action"], deleted["after"]) == ("role.delete", None)
    assert deleted["before"]["name"] == "Temp"
    assert (made["action"], made["before"]) == ("role.create", None)
    assert made["after"]["level"] == 20


async def test_a_refused_change_leaves_no_entry(api: GraphQLClient) -> None:
    senior = await signed_in(api, "senior_manager")
    junior = await custom_role("Junior", 50, JUNIOR)

    refused = await api.execute(
        ROLE_UPDATE, {"in": {"id": gid(junior), "level": 70}}, token=senior.access_token
    )

    assert refused.codes == ["FORBIDDEN"]
    data = await api.ok(AUDIT_LOG, token=senior.access_token)
    assert data["auditLog"]["totalCount"] == 0


async def test_a_users_new_role_and_departments_are_logged_with_ids_clients_can_use(
    api: GraphQLClient,
) -> None:
    admin = await signed_in(api, "admin")
    seller = await make_user("salesperson")
    marketing = await crm.department("Marketing")
    sales = await crm.department("Sales")
    support_role = await role_id(api, "support")

    await api.ok(
        USER_UPDATE,
        {
            "in": {
                "id": gid(seller.user),
                "roleId": support_role,
                "departmentIds": [gid(marketing)],
            }
        },
        token=admin.access_token,
    )

    data = await api.ok(
        AUDIT_LOG, {"filter": {"recordId": gid(seller.user)}}, token=admin.access_token
    )
    logged = {n["action"]: n for n in nodes(data)}
    assert set(logged) == {"user.role", "user.departments"}
    assert logged["user.role"]["before"] == {"role": await role_id(api, "salesperson")}
    assert logged["user.role"]["after"] == {"role": support_role}
    assert logged["user.departments"]["before"] == {"departments": [gid(sales)]}
    assert logged["user.departments"]["after"] == {"departments": [gid(marketing)]}


async def test_record_assignments_are_logged_and_filterable_by_action(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    senior = await signed_in(api, "senior_manager")
    sales = await crm.department("Sales")
    seller = await make_user("salesperson", email="seller@acme.test")
    deal = await crm.deal(seller.user, sales)
    await api.ok(
        ASSIGN,
        {"in": {"ids": [gid(deal)], "ownerId": gid(manager.user)}},
        token=manager.access_token,
    )
    await api.ok(
        ROLE_DELETE, {"id": gid(await custom_role("Junior", 30, JUNIOR))}, token=senior.access_token
    )

    data = await api.ok(
        AUDIT_LOG, {"filter": {"action": "record.assign"}}, token=senior.access_token
    )

    [logged] = nodes(data)
    assert (logged["object"], logged["recordId"]) == ("deal", gid(deal))
    assert logged["before"] == {"owner": gid(seller.user), "department": gid(sales)}
    assert logged["after"] == {"owner": gid(manager.user), "department": gid(sales)}


async def test_the_log_pages_newest_first(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    for name in ("First", "Second", "Third"):
        await api.ok(
            ROLE_CREATE,
            {"in": {"name": name, "level": 20, "permissions": []}},
            token=admin.access_token,
        )

    page_one = await api.ok(AUDIT_LOG, {"first": 2}, token=admin.access_token)
    cursor = page_one["auditLog"]["pageInfo"]["endCursor"]
    page_two = await api.ok(AUDIT_LOG, {"first": 2, "after": cursor}, token=admin.access_token)

    names = [n["after"]["name"] for n in nodes(page_one) + nodes(page_two)]
    assert names == ["Third", "Second", "First"]
    assert page_one["auditLog"]["pageInfo"]["hasNextPage"] is True
    assert page_two["auditLog"]["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize("role", ["manager", "salesperson", "marketing", "support", "read_only"])
async def test_roles_without_audit_read_are_refused_the_log(api: GraphQLClient, role: str) -> None:
    account = await signed_in(api, role)

    result = await api.execute(AUDIT_LOG, token=account.access_token)

    assert result.codes == ["FORBIDDEN"]
    assert result.data is None
