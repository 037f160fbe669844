"""API keys, sign-in attempts and IP blocks: the role's grant on ``access`` decides, not its rank.

A key is a role handed to a program, so the escalation rules apply to it as to a person; and a
key itself may look at access data but never manage it.
"""

from __future__ import annotations

from models.credentials import ApiKey
from tests.support.accounts import role_id, signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

ATTEMPTS = "query { loginAttempts { email success } }"
KEYS = "query { apiKeys { name } }"
KEY_CREATE = """
mutation($in: ApiKeyCreateInput!) { apiKeyCreate(input: $in) { key apiKey { id name } } }
"""
IP_BLOCK = 'mutation { ipBlock(ip: "10.0.0.9") { ip } }'

DEPARTMENT_DEALS = {"deal": grant(["read"], "department", "own", {"title": "read"})}
SECURITY_OFFICER = {
    "access": grant(["create", "read", "delete"]),
    **DEPARTMENT_DEALS,
}


async def test_a_custom_role_granted_access_manages_it_below_admin_rank(
    api: GraphQLClient,
) -> None:
    officer = await signed_in(api, await custom_role("Security Officer", 50, SECURITY_OFFICER))

    attempts = await api.ok(ATTEMPTS, token=officer.access_token)
    blocked = await api.ok(IP_BLOCK, token=officer.access_token)

    assert attempts["loginAttempts"][0]["email"] == officer.email
    assert blocked["ipBlock"] == {"ip": "10.0.0.9"}


async def test_a_high_ranked_custom_role_without_access_is_refused(api: GraphQLClient) -> None:
    steward = await signed_in(api, await custom_role("Data Steward", 95, DEPARTMENT_DEALS))

    result = await api.execute(ATTEMPTS, token=steward.access_token)

    assert result.codes == ["FORBIDDEN"]


async def test_a_key_cannot_carry_a_role_granting_more_than_its_creator_holds(
    api: GraphQLClient,
) -> None:
    officer = await signed_in(api, await custom_role("Security Officer", 50, SECURITY_OFFICER))
    wider = await custom_role("Deal Watcher", 20, {"deal": grant(["read"], "all", "own")})

    result = await api.execute(
        KEY_CREATE, {"in": {"name": "Watcher", "roleId": gid(wider)}}, token=officer.access_token
    )

    assert result.codes == ["FORBIDDEN"]
    assert await ApiKey.all().count() == 0


async def test_a_key_carries_a_lower_role_within_its_creators_rights(api: GraphQLClient) -> None:
    officer = await signed_in(api, await custom_role("Security Officer", 50, SECURITY_OFFICER))
    reader = await custom_role("Deal Reader", 20, DEPARTMENT_DEALS)

    data = await api.ok(
        KEY_CREATE, {"in": {"name": "Reader", "roleId": gid(reader)}}, token=officer.access_token
    )

    assert data["apiKeyCreate"]["apiKey"]["name"] == "Reader"


async def test_a_key_reads_access_data_but_cannot_manage_it(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    created = await api.ok(
        KEY_CREATE,
        {"in": {"name": "Admin tool", "roleId": await role_id(api, "admin")}},
        token=owner.access_token,
    )
    key = created["apiKeyCreate"]["key"]

    listed = await api.ok(KEYS, token=key)
    minted = await api.execute(
        KEY_CREATE,
        {"in": {"name": "Offspring", "roleId": await role_id(api, "read_only")}},
        token=key,
    )
    blocked = await api.execute(IP_BLOCK, token=key)

    assert listed["apiKeys"] == [{"name": "Admin tool"}]
    assert minted.codes == ["FORBIDDEN"]
    assert blocked.codes == ["FORBIDDEN"]
    assert await ApiKey.all().count() == 1
