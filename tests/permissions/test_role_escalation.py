"""Nobody creates or edits a role ranked at or above their own, or granting more than they hold.

Every refusal is FORBIDDEN and leaves no trace: no role row changed, no audit entry. Every
refusal has an allowed counterpart. The Senior Manager template is the usual caller: it may
create roles but lacks the access object, department changes and audit export. A custom "Team
Lead" (level 65) covers narrower scopes and hidden fields: deals of its departments only,
title writable, amount read-only, no cost.
"""

from __future__ import annotations

from typing import Any

import pytest

from models.access.policy import from_fields
from models.role import Role
from tests.support.accounts import Account, role_id, signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import audit_count, custom_role, entry, grant, role_count

ROLE_CREATE = """
mutation Create($input: RoleInput!) {
  roleCreate(input: $input) {
    id name level template version
    permissions { object operations readScope writeScope fields { field read write } }
  }
}
"""
ROLE_UPDATE = """
mutation Update($input: RoleUpdateInput!) { roleUpdate(input: $input) { id name level version } }
"""
ROLE_DELETE = "mutation Delete($id: ID!) { roleDelete(id: $id) }"
ROLES = "query { roles { name level template } }"

DEAL_TITLES = [entry("deal", ["read"], "DEPARTMENT", read=["title"])]
TEAM_LEAD = {
    "role": grant(
        ["create", "read", "update", "delete"],
        fields={"name": "write", "level": "write", "template": "read", "permissions": "write"},
    ),
    "deal": grant(["read", "update"], "department", "own", {"title": "write", "amount": "read"}),
}
JUNIOR = {"deal": grant(["read"], "department", "own", {"title": "read"})}


async def team_lead(api: GraphQLClient) -> Account:
    return await signed_in(api, await custom_role("Team Lead", 65, TEAM_LEAD))


async def assert_unchanged(role: Role) -> None:
    stored = await Role.get(id=role.id)
    assert (stored.name, stored.level, stored.version, stored.permissions) == (
        role.name,
        role.level,
        role.version,
        role.permissions,
    )


# roleCreate -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "level", "permissions"),
    [
        pytest.param("senior_manager", 70, DEAL_TITLES, id="at-own-level"),
        pytest.param("senior_manager", 80, DEAL_TITLES, id="above-own-level"),
        pytest.param("admin", 90, DEAL_TITLES, id="admin-at-admin-level"),
        pytest.param("owner", 100, DEAL_TITLES, id="owner-at-owner-level"),
        pytest.param("senior_manager", 50, [entry("access", ["read"])], id="object-lacked"),
        pytest.param(
            "senior_manager",
            50,
            [entry("auditEntry", ["read", "export"], "ALL", read=["action"])],
            id="operation-lacked",
        ),
        pytest.param(
            "senior_manager",
            50,
            [entry("user", ["read", "update"], "ALL", "ALL", write=["email"])],
            id="field-write-lacked",
        ),
        pytest.param("manager", 50, DEAL_TITLES, id="no-role-create"),
        pytest.param("salesperson", 10, DEAL_TITLES, id="salesperson"),
    ],
)
async def test_role_creation_beyond_ones_own_rank_or_rights_is_refused(
    api: GraphQLClient, caller: str, level: int, permissions: list[dict[str, Any]]
) -> None:
    account = await signed_in(api, caller)
    roles_before = await role_count()

    result = await api.execute(
        ROLE_CREATE,
        {"input": {"name": "Sneaky", "level": level, "permissions": permissions}},
        token=account.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert await role_count() == roles_before
    assert await audit_count() == 0


@pytest.mark.parametrize(
    ("permissions", "excess"),
    [
        pytest.param([entry("deal", ["read"], "ALL", read=["title"])], "deal.readScope", id="read"),
        pytest.param(
            [entry("deal", ["read", "update"], "DEPARTMENT", "DEPARTMENT", write=["title"])],
            "deal.writeScope",
            id="write-scope",
        ),
        pytest.param(
            [entry("deal", ["read"], "DEPARTMENT", read=["cost"])], "deal.cost:read", id="cost"
        ),
        pytest.param(
            [entry("deal", ["read", "update"], "DEPARTMENT", write=["amount"])],
            "deal.amount:write",
            id="read-only-field",
        ),
        pytest.param(
            [entry("deal", ["read", "delete"], "DEPARTMENT", read=["title"])],
            "deal.delete",
            id="operation",
        ),
    ],
)
async def test_a_role_granting_a_wider_scope_or_hidden_field_is_refused_naming_it(
    api: GraphQLClient, permissions: list[dict[str, Any]], excess: str
) -> None:
    lead = await team_lead(api)
    roles_before = await role_count()

    error = await api.error(
        ROLE_CREATE,
        {"input": {"name": "Wider", "level": 40, "permissions": permissions}},
        token=lead.access_token,
    )

    assert error["extensions"] == {"code": "FORBIDDEN", "field": "permissions"}
    assert excess in error["message"]
    assert await role_count() == roles_before


async def test_an_admin_creates_a_custom_role_below_its_level_within_its_rights(
    api: GraphQLClient,
) -> None:
    admin = await signed_in(api, "admin")
    permissions = [entry("deal", ["read", "update"], "ALL", "DEPARTMENT", write=["title"])]

    data = await api.ok(
        ROLE_CREATE,
        {"input": {"name": "Deal Desk", "level": 80, "permissions": permissions}},
        token=admin.access_token,
    )

    role = data["roleCreate"]
    assert (role["name"], role["level"], role["template"], role["version"]) == (
        "Deal Desk",
        80,
        None,
        1,
    )
    deal = next(p for p in role["permissions"] if p["object"] == "deal")
    assert deal["operations"] == ["READ", "UPDATE"]
    assert (deal["readScope"], deal["writeScope"]) == ("ALL", "DEPARTMENT")
    assert {"field": "title", "read": True, "write": True} in deal["fields"]
    assert {"field": "cost", "read": False, "write": False} in deal["fields"]


async def test_a_senior_manager_creates_a_manager_level_role_based_on_the_manager_template(
    api: GraphQLClient,
) -> None:
    senior = await signed_in(api, "senior_manager")
    manager_role = await role_id(api, "manager")

    data = await api.ok(
        ROLE_CREATE,
        {
            "input": {
                "name": "Deputy Manager",
                "level": 60,
                "permissions": [],
                "basedOn": manager_role,
            }
        },
        token=senior.access_token,
    )

    stored = await Role.get(name="Deputy Manager")
    template = await Role.get(template="manager")
    assert data["roleCreate"]["level"] == 60
    assert stored.permissions == template.permissions


async def test_a_team_lead_creates_a_role_within_its_scope_and_fields(api: GraphQLClient) -> None:
    lead = await team_lead(api)

    data = await api.ok(
        ROLE_CREATE,
        {"input": {"name": "Trainee", "level": 20, "permissions": DEAL_TITLES}},
        token=lead.access_token,
    )

    assert data["roleCreate"]["name"] == "Trainee"


# roleUpdate and roleDelete ------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"level": 70}, id="level-to-own"),
        pytest.param({"level": 75}, id="level-above-own"),
        pytest.param({"permissions": [entry("access", ["read"])]}, id="object-lacked"),
        pytest.param(
            {"permissions": [entry("department", ["read", "create"], read=["name"])]},
            id="operation-lacked",
        ),
    ],
)
async def test_raising_a_role_beyond_ones_own_rank_or_rights_is_refused(
    api: GraphQLClient, change: dict[str, Any]
) -> None:
    senior = await signed_in(api, "senior_manager")
    junior = await custom_role("Junior", 50, JUNIOR)

    result = await api.execute(
        ROLE_UPDATE, {"input": {"id": gid(junior), **change}}, token=senior.access_token
    )

    assert result.codes == ["FORBIDDEN"]
    await assert_unchanged(junior)
    assert await audit_count() == 0


@pytest.mark.parametrize(
    "role_data",
    [
        pytest.param(("Regional Director", 80, JUNIOR), id="ranked-above"),
        pytest.param(("Peer", 70, JUNIOR), id="ranked-equal"),
        pytest.param(("Auditor", 50, {"access": grant(["read"])}), id="granting-more"),
    ],
)
async def test_a_role_one_could_not_create_cannot_be_edited_or_deleted(
    api: GraphQLClient, role_data: tuple[str, int, dict[str, Any]]
) -> None:
    senior = await signed_in(api, "senior_manager")
    role = await custom_role(*role_data)

    renamed = await api.execute(
        ROLE_UPDATE, {"input": {"id": gid(role), "name": "Mine now"}}, token=senior.access_token
    )
    deleted = await api.execute(ROLE_DELETE, {"id": gid(role)}, token=senior.access_token)

    assert renamed.codes == ["FORBIDDEN"]
    assert deleted.codes == ["FORBIDDEN"]
    await assert_unchanged(role)
    assert await audit_count() == 0


async def test_nobody_edits_their_own_role(api: GraphQLClient) -> None:
    lead = await team_lead(api)
    own = await Role.get(name="Team Lead")

    result = await api.execute(
        ROLE_UPDATE,
        {"input": {"id": gid(own), "permissions": [entry("access", ["read"])]}},
        token=lead.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    await assert_unchanged(own)


@pytest.mark.parametrize("caller", ["owner", "admin"])
async def test_template_roles_are_read_only_even_for_owners(
    api: GraphQLClient, caller: str
) -> None:
    account = await signed_in(api, caller)
    salesperson = await Role.get(template="salesperson")

    renamed = await api.execute(
        ROLE_UPDATE,
        {"input": {"id": gid(salesperson), "name": "Seller"}},
        token=account.access_token,
    )
    deleted = await api.execute(ROLE_DELETE, {"id": gid(salesperson)}, token=account.access_token)

    assert renamed.codes == ["FORBIDDEN"]
    assert deleted.codes == ["FORBIDDEN"]
    await assert_unchanged(salesperson)


async def test_a_manager_without_role_update_cannot_change_a_lower_role(
    api: GraphQLClient,
) -> None:
    manager = await signed_in(api, "manager")
    junior = await custom_role("Junior", 30, JUNIOR)

    result = await api.execute(
        ROLE_UPDATE, {"input": {"id": gid(junior), "name": "Renamed"}}, token=manager.access_token
    )

    assert result.codes == ["FORBIDDEN"]
    await assert_unchanged(junior)


async def test_a_senior_manager_updates_a_lower_role_with_the_right_version(
    api: GraphQLClient,
) -> None:
    senior = await signed_in(api, "senior_manager")
    junior = await custom_role("Junior", 50, JUNIOR)

    data = await api.ok(
        ROLE_UPDATE,
        {
            "input": {
                "id": gid(junior),
                "name": "Associate",
                "level": 55,
                "permissions": [entry("deal", ["read"], "ALL", read=["title", "amount"])],
                "expectedVersion": 1,
            }
        },
        token=senior.access_token,
    )

    assert data["roleUpdate"] == {"id": gid(junior), "name": "Associate", "level": 55, "version": 2}
    stored = await Role.get(id=junior.id)
    assert stored.permissions == {
        "deal": from_fields(["read"], "all", "own", {"amount": "read", "title": "read"})
    }


async def test_a_senior_manager_deletes_an_unused_lower_role(api: GraphQLClient) -> None:
    senior = await signed_in(api, "senior_manager")
    junior = await custom_role("Junior", 50, JUNIOR)

    data = await api.ok(ROLE_DELETE, {"id": gid(junior)}, token=senior.access_token)

    assert data == {"roleDelete": True}
    assert not await Role.filter(id=junior.id).exists()
