"""`me` through an API key: the creator it acts for, with the key's own role."""

from __future__ import annotations

from tests.support.accounts import my_role_id, signed_in
from tests.support.graphql import GraphQLClient

CREATE = "mutation($in: ApiKeyCreateInput!) { apiKeyCreate(input: $in) { key } }"
ME = "query { me { email role { name } permissions { object operations } } }"


async def test_me_through_a_key_reports_the_keys_role(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    reader = await signed_in(api, "read_only")
    key = (
        await api.ok(
            CREATE,
            {"in": {"name": "BI", "roleId": await my_role_id(api, reader.access_token)}},
            token=admin.access_token,
        )
    )["apiKeyCreate"]["key"]

    me = (await api.ok(ME, token=key))["me"]

    assert me["email"] == admin.email
    assert me["role"] == {"name": "Read-only"}
    deals = next(p for p in me["permissions"] if p["object"] == "deal")
    assert deals["operations"] == ["READ"]
    own = (await api.ok(ME, token=admin.access_token))["me"]
    assert own["role"] == {"name": "Admin"}
