"""API keys for internal tools, and the rule that the last Owner stays."""

from __future__ import annotations

import pytest

from tests.support.accounts import my_id, my_role_id, signed_in
from tests.support.graphql import GraphQLClient

CREATE = """mutation($in: ApiKeyCreateInput!) {
  apiKeyCreate(input: $in) { key apiKey { id name prefix role { name } lastUsedAt revokedAt } }
}"""
REVOKE = "mutation($id: ID!) { apiKeyRevoke(id: $id) { revokedAt } }"
LIST = "query { apiKeys { name prefix lastUsedAt } }"
ME = "query { me { email role { name } } }"


async def test_an_admin_creates_a_key_that_is_shown_once_and_works(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    reader = await signed_in(api, "read_only")
    created = (
        await api.ok(
            CREATE,
            {"in": {"name": "BI export", "roleId": await my_role_id(api, reader.access_token)}},
            token=admin.access_token,
        )
    )["apiKeyCreate"]
    assert created["key"].startswith("tdk_")
    assert created["apiKey"]["prefix"] == created["key"][4:12]
    me = await api.ok(ME, token=created["key"])
    assert me["me"]["email"] == "admin@acme.test"  # the key acts on its creator's behalf...
    refused = await api.error(LIST, token=created["key"])  # ...with its own, lower role
    assert refused["extensions"]["code"] == "FORBIDDEN"
    listed = await api.ok(LIST, token=admin.access_token)
    assert listed["apiKeys"][0]["name"] == "BI export"
    assert listed["apiKeys"][0]["lastUsedAt"] is not None
    assert "key" not in listed["apiKeys"][0]


async def test_a_revoked_key_stops_working(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    support = await signed_in(api, "support")
    created = (
        await api.ok(
            CREATE,
            {"in": {"name": "Helpdesk", "roleId": await my_role_id(api, support.access_token)}},
            token=admin.access_token,
        )
    )["apiKeyCreate"]
    await api.ok(REVOKE, {"id": created["apiKey"]["id"]}, token=admin.access_token)
    error = await api.error(ME, token=created["key"])
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_unknown_key_is_refused(api: GraphQLClient) -> None:
    error = await api.error(ME, token="tdk_made-up")
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_key_cannot_carry_the_creators_own_rank(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    error = await api.error(
        CREATE,
        {"in": {"name": "Too strong", "roleId": await my_role_id(api, admin.access_token)}},
        token=admin.access_token,
    )
    assert error["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("role", ["senior_manager", "salesperson"])
async def test_below_admin_nobody_creates_keys(api: GraphQLClient, role: str) -> None:
    account = await signed_in(api, role)
    reader = await signed_in(api, "read_only")
    error = await api.error(
        CREATE,
        {"in": {"name": "k", "roleId": await my_role_id(api, reader.access_token)}},
        token=account.access_token,
    )
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_the_last_owner_cannot_be_deactivated(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    owner_id = await my_id(api, owner)
    second = await signed_in(api, "owner", email="owner2@acme.test")
    await api.ok(
        "mutation($id: ID!) { userDeactivate(id: $id) { isActive } }",
        {"id": await my_id(api, second)},
        token=owner.access_token,
    )
    error = await api.error(
        "mutation($id: ID!) { userDeactivate(id: $id) { isActive } }",
        {"id": owner_id},
        token=owner.access_token,
    )
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_the_last_owner_cannot_be_demoted(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    admin = await signed_in(api, "admin")
    owner_id = await my_id(api, owner)
    error = await api.error(
        "mutation($id: ID!, $r: ID!) { userUpdate(input: {id: $id, roleId: $r}) { id } }",
        {"id": owner_id, "r": await my_role_id(api, admin.access_token)},
        token=owner.access_token,
    )
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_an_admin_cannot_deactivate_an_owner(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    admin = await signed_in(api, "admin")
    owner_id = await my_id(api, owner)
    error = await api.error(
        "mutation($id: ID!) { userDeactivate(id: $id) { isActive } }",
        {"id": owner_id},
        token=admin.access_token,
    )
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_a_stale_expected_version_is_a_conflict(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    me = (await api.ok("query { me { id version } }", token=seller.access_token))["me"]
    update = """mutation($in: UserUpdateInput!) { userUpdate(input: $in) { name version } }"""
    done = await api.ok(
        update,
        {"in": {"id": me["id"], "name": "Sam", "expectedVersion": me["version"]}},
        token=seller.access_token,
    )
    assert done["userUpdate"] == {"name": "Sam", "version": me["version"] + 1}
    error = await api.error(
        update,
        {"in": {"id": me["id"], "name": "Sue", "expectedVersion": me["version"]}},
        token=seller.access_token,
    )
    assert error["extensions"] == {"code": "CONFLICT", "currentVersion": me["version"] + 1}
