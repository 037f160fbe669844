"""Role data is checked against the catalogue; names are unique; versions and use are respected.

Invalid permission data is BAD_USER_INPUT naming the path of the offending part, in the shape
the data is stored in (``permissions.<object>.fields.<field>``). The caller is an Owner, so
that nothing but the data itself can be wrong.
"""

from __future__ import annotations

from typing import Any

import pytest

from models.credentials import ApiKey
from models.role import Role
from tests.support.accounts import make_user, role_id, signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import audit_count, custom_role, entry, grant, role_count

ROLE_CREATE = """
mutation Create($input: RoleInput!) { roleCreate(input: $input) { id name level } }
"""
ROLE_UPDATE = """
mutation Update($input: RoleUpdateInput!) { roleUpdate(input: $input) { id name version } }
"""
ROLE_DELETE = "mutation Delete($id: ID!) { roleDelete(id: $id) }"
ROLES = "query { roles { name level template } }"

DEAL_TITLES = [entry("deal", ["read"], read=["title"])]
JUNIOR = {"deal": grant(["read"], "own", "own", {"title": "read"})}


def field_entry(obj: str, field: str, read: bool, write: bool) -> dict[str, Any]:
    return {
        "object": obj,
        "operations": ["READ", "UPDATE"],
        "fields": [{"field": field, "read": read, "write": write}],
    }


@pytest.mark.parametrize(
    ("permissions", "path"),
    [
        pytest.param([entry("spaceship", ["read"])], "permissions.spaceship", id="unknown-object"),
        pytest.param(
            [entry("deal", ["read"], read=["colour"])],
            "permissions.deal.fields.colour",
            id="unknown-field",
        ),
        pytest.param(
            [entry("department", ["read", "assign"])],
            "permissions.department.ops",
            id="operation-the-object-lacks",
        ),
        pytest.param(
            [field_entry("deal", "title", read=False, write=True)],
            "permissions.deal.fields.title",
            id="write-without-read",
        ),
        pytest.param(
            [entry("deal", ["read", "update"], "OWN", "ALL", write=["title"])],
            "permissions.deal.writeScope",
            id="write-scope-wider-than-read",
        ),
        pytest.param(
            [entry("deal", ["read"], read=["amount", "margin"])],
            "permissions.deal.fields.margin",
            id="margin-without-cost",
        ),
        pytest.param(
            [entry("deal", ["update"], write=["title"])],
            "permissions.deal.ops",
            id="operation-without-read",
        ),
        pytest.param(
            [entry("deal", ["read"], read=["position"]), entry("deal", ["read"])],
            "permissions.deal",
            id="object-twice",
        ),
        pytest.param(
            [entry("deal", ["read"], write=["margin"], read=["amount", "cost"])],
            "permissions.deal.fields.margin",
            id="derived-field-written",
        ),
    ],
)
async def test_invalid_permission_data_is_bad_input_naming_its_path(
    api: GraphQLClient, permissions: list[dict[str, Any]], path: str
) -> None:
    owner = await signed_in(api, "owner")
    roles_before = await role_count()

    error = await api.error(
        ROLE_CREATE,
        {"input": {"name": "Broken", "level": 10, "permissions": permissions}},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": path}
    assert await role_count() == roles_before
    assert await audit_count() == 0


async def test_an_operation_outside_the_operation_enum_is_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    result = await api.execute(
        ROLE_CREATE,
        {"input": {"name": "Broken", "level": 10, "permissions": [entry("deal", ["fly"])]}},
        token=owner.access_token,
    )

    assert result.codes == ["BAD_USER_INPUT"]
    assert not await Role.filter(name="Broken").exists()


async def test_invalid_data_in_an_update_leaves_the_role_as_it_was(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    junior = await custom_role("Junior", 30, JUNIOR)

    error = await api.error(
        ROLE_UPDATE,
        {"input": {"id": gid(junior), "permissions": [entry("deal", ["read"], read=["colour"])]}},
        token=owner.access_token,
    )

    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "permissions.deal.fields.colour",
    }
    assert (await Role.get(id=junior.id)).permissions == JUNIOR


@pytest.mark.parametrize(
    ("values", "field"),
    [
        pytest.param({"name": "  "}, "name", id="blank-name"),
        pytest.param({"name": "x" * 101}, "name", id="long-name"),
        pytest.param({"name": "salesperson"}, "name", id="a-templates-name-in-other-case"),
        pytest.param({"level": 0}, "level", id="level-zero"),
        pytest.param({"basedOn": "Um9sZTo5OTk5"}, "basedOn", id="unknown-base"),
    ],
)
async def test_bad_names_levels_and_bases_are_bad_input(
    api: GraphQLClient, values: dict[str, Any], field: str
) -> None:
    owner = await signed_in(api, "owner")
    roles_before = await role_count()

    error = await api.error(
        ROLE_CREATE,
        {"input": {"name": "Fine", "level": 10, "permissions": DEAL_TITLES, **values}},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert await role_count() == roles_before


async def test_renaming_a_role_to_anothers_name_is_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    junior = await custom_role("Junior", 30, JUNIOR)
    await custom_role("Senior", 40, JUNIOR)

    error = await api.error(
        ROLE_UPDATE, {"input": {"id": gid(junior), "name": "SENIOR"}}, token=owner.access_token
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    assert (await Role.get(id=junior.id)).name == "Junior"


async def test_a_stale_expected_version_is_a_conflict_and_changes_nothing(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    junior = await custom_role("Junior", 30, JUNIOR)
    await api.ok(
        ROLE_UPDATE, {"input": {"id": gid(junior), "name": "Associate"}}, token=owner.access_token
    )

    error = await api.error(
        ROLE_UPDATE,
        {"input": {"id": gid(junior), "name": "Trainee", "expectedVersion": 1}},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "CONFLICT", "currentVersion": 2}
    assert (await Role.get(id=junior.id)).name == "Associate"


async def test_a_role_held_by_a_user_cannot_be_deleted(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    junior = await custom_role("Junior", 30, JUNIOR)
    await make_user(junior, email="junior@acme.test")

    result = await api.execute(ROLE_DELETE, {"id": gid(junior)}, token=owner.access_token)

    assert result.codes == ["CONFLICT"]
    assert await Role.filter(id=junior.id).exists()
    assert await audit_count() == 0


async def test_a_role_held_by_a_revoked_api_key_cannot_be_deleted(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    junior = await custom_role("Junior", 30, JUNIOR)
    created = await api.ok(
        "mutation($in: ApiKeyCreateInput!) { apiKeyCreate(input: $in) { apiKey { id } } }",
        {"in": {"name": "Export", "roleId": gid(junior)}},
        token=owner.access_token,
    )
    await api.ok(
        "mutation($id: ID!) { apiKeyRevoke(id: $id) { revokedAt } }",
        {"id": created["apiKeyCreate"]["apiKey"]["id"]},
        token=owner.access_token,
    )

    result = await api.execute(ROLE_DELETE, {"id": gid(junior)}, token=owner.access_token)

    assert result.codes == ["CONFLICT"]
    assert await ApiKey.filter(role_id=junior.id).exists()
    assert await Role.filter(id=junior.id).exists()


async def test_based_on_entries_replace_the_bases_grant_of_their_object(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    base = await role_id(api, "salesperson")

    await api.ok(
        ROLE_CREATE,
        {
            "input": {
                "name": "Seller Without Deals",
                "level": 30,
                "basedOn": base,
                "permissions": [entry("deal", [])],
            }
        },
        token=owner.access_token,
    )

    stored = await Role.get(name="Seller Without Deals")
    template = await Role.get(template="salesperson")
    assert "deal" not in stored.permissions
    assert stored.permissions["company"] == template.permissions["company"]


async def test_everyone_with_role_read_lists_the_roles_highest_first(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    await custom_role("Junior", 30, JUNIOR)

    data = await api.ok(ROLES, token=seller.access_token)

    levels = [r["level"] for r in data["roles"]]
    assert levels == sorted(levels, reverse=True)
    assert {"name": "Junior", "level": 30, "template": None} in data["roles"]
    assert {"name": "Owner", "level": 100, "template": "owner"} in data["roles"]


async def test_a_role_without_roles_read_cannot_list_roles(api: GraphQLClient) -> None:
    nobody = await signed_in(api, await custom_role("Deals Only", 5, JUNIOR))

    result = await api.execute(ROLES, token=nobody.access_token)

    assert result.codes == ["FORBIDDEN"]
