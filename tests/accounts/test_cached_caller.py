"""The caller is remembered between requests, and forgotten the moment its access changes.

Each test first makes a request with the token, so that the caller is cached (a repeated
request reads nothing from the database), then changes the access through the API and checks
that the very next request sees the change.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.accounts import Account, my_id, role_id, signed_in
from tests.support.crm import gid
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, entry, grant
from tests.support.smtp import SmtpServer, token_in
from tests.support.sql import count_statements

ME = "query { me { email } }"
TYPENAME = "{ __typename }"
COMPANIES = "query { companies(first: 1) { totalCount } }"
DEACTIVATE = "mutation($id: ID!) { userDeactivate(id: $id) { isActive } }"
USER_UPDATE = "mutation($in: UserUpdateInput!) { userUpdate(input: $in) { id } }"
ROLE_UPDATE = "mutation($in: RoleUpdateInput!) { roleUpdate(input: $in) { id } }"


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    # Long enough that only an access change, never the safety net, can drop a cached caller.
    return {"smtp_url": smtp_server.url, "principal_cache_seconds": 3600}


async def cached(api: GraphQLClient, account: Account) -> None:
    """Use the token until its caller is cached: then a request reads no row at all."""
    await api.ok(ME, token=account.access_token)
    with count_statements(include_caller=True) as sql:
        assert (await api.ok(TYPENAME, token=account.access_token)) == {"__typename": "Query"}
    assert sql.count == 0, sql.statements


async def refused(api: GraphQLClient, account: Account, query: str = ME) -> str:
    error = await api.error(query, token=account.access_token)
    return str(error["extensions"]["code"])


async def test_a_repeated_request_does_not_read_the_caller_again(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    await cached(api, seller)
    assert (await api.ok(ME, token=seller.access_token))["me"]["email"] == seller.email


async def test_a_deactivated_caller_is_refused_at_once(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    seller_id = await my_id(api, seller)
    await cached(api, seller)
    await api.ok(DEACTIVATE, {"id": seller_id}, token=owner.access_token)
    assert await refused(api, seller) == "UNAUTHENTICATED"


async def test_a_changed_role_applies_at_once(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    seller_id = await my_id(api, seller)
    manager = await role_id(api, "manager")
    await cached(api, seller)
    await api.ok(
        USER_UPDATE, {"in": {"id": seller_id, "roleId": manager}}, token=owner.access_token
    )
    me = await api.ok("query { me { role { template } } }", token=seller.access_token)
    assert me["me"]["role"]["template"] == "manager"


async def test_an_edited_role_applies_its_new_grants_at_once(api: GraphQLClient) -> None:
    senior = await signed_in(api, "senior_manager")
    reader = await custom_role("Readers", 50, {"company": grant(["read"], fields={"name": "read"})})
    account = await signed_in(api, reader)
    await api.ok(COMPANIES, token=account.access_token)
    await cached(api, account)
    await api.ok(
        ROLE_UPDATE,
        {"in": {"id": gid(reader), "permissions": [entry("deal", ["read"])]}},
        token=senior.access_token,
    )
    assert await refused(api, account, COMPANIES) == "FORBIDDEN"


async def test_a_password_reset_ends_the_cached_session_at_once(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    seller = await signed_in(api, "salesperson")
    await cached(api, seller)
    await api.ok("mutation($e: String!) { passwordResetRequest(email: $e) }", {"e": seller.email})
    token = token_in(await smtp_server.inbox.next_to(seller.email))
    await api.ok(
        "mutation($t: String!, $p: String!) { passwordReset(token: $t, newPassword: $p) }",
        {"t": token, "p": "another-long-unusual-passphrase"},
    )
    assert await refused(api, seller) == "UNAUTHENTICATED"
