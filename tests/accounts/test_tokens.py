"""Access and refresh tokens: what is refused, rotation, reuse detection, logout, revocation."""

from __future__ import annotations

import base64
import json

import jwt
import pytest

from models.clock import FrozenClock
from tests.conftest import TEST_SECRET
from tests.support.accounts import Account, my_id, signed_in
from tests.support.graphql import GraphQLClient

ME = "query { me { email } }"
REFRESH = (
    """mutation($t: String!) { tokenRefresh(refreshToken: $t) { accessToken refreshToken } }"""
)
LOGOUT = "mutation($t: String!) { logout(refreshToken: $t) }"


@pytest.fixture
async def account(api: GraphQLClient) -> Account:
    return await signed_in(api, "salesperson")


def forged(account: Account, *, key: str = TEST_SECRET, **changes: object) -> str:
    claims = jwt.decode(account.access_token, options={"verify_signature": False})
    claims.update(changes)
    return jwt.encode(claims, key, algorithm="HS256")


def alg_none(account: Account) -> str:
    claims = jwt.decode(account.access_token, options={"verify_signature": False})
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{body}."


async def assert_refused(api: GraphQLClient, token: str) -> None:
    error = await api.error(ME, token=token)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_valid_access_token_works(api: GraphQLClient, account: Account) -> None:
    assert (await api.ok(ME, token=account.access_token))["me"]["email"] == account.email


async def test_a_tampered_token_is_refused(api: GraphQLClient, account: Account) -> None:
    head, body, sig = account.access_token.split(".")
    # A character in the middle, always changed: the last ones carry padding bits, and a
    # signature that already ended in the replacement stayed the same (a flaky test).
    middle = len(sig) // 2
    changed = "B" if sig[middle] == "A" else "A"
    await assert_refused(api, f"{head}.{body}.{sig[:middle]}{changed}{sig[middle + 1 :]}")


async def test_an_alg_none_token_is_refused(api: GraphQLClient, account: Account) -> None:
    await assert_refused(api, alg_none(account))


async def test_a_token_for_another_audience_is_refused(
    api: GraphQLClient, account: Account
) -> None:
    await assert_refused(api, forged(account, aud="another-api"))


async def test_a_token_signed_with_another_key_is_refused(
    api: GraphQLClient, account: Account
) -> None:
    await assert_refused(api, forged(account, key="another-key-" + "x" * 40))


async def test_a_token_claiming_another_user_is_refused_without_the_key(
    api: GraphQLClient, account: Account
) -> None:
    await assert_refused(api, forged(account, key="k" * 48, sub="1"))


async def test_a_malformed_authorization_header_is_refused(api: GraphQLClient) -> None:
    response = await api.http.post(
        "/graphql", json={"query": ME}, headers={"authorization": "Basic dXNlcjpwYXNz"}
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_expired_token_is_refused(
    api: GraphQLClient, account: Account, clock: FrozenClock
) -> None:
    clock.advance(minutes=15, seconds=1)
    await assert_refused(api, account.access_token)


async def test_refresh_rotates_both_tokens(api: GraphQLClient, account: Account) -> None:
    data = await api.ok(REFRESH, {"t": account.refresh_token})
    new = data["tokenRefresh"]
    assert new["refreshToken"] != account.refresh_token
    assert (await api.ok(ME, token=new["accessToken"]))["me"]["email"] == account.email


async def test_reusing_a_spent_refresh_token_revokes_the_whole_family(
    api: GraphQLClient, account: Account
) -> None:
    newer = (await api.ok(REFRESH, {"t": account.refresh_token}))["tokenRefresh"]
    reuse = await api.error(REFRESH, {"t": account.refresh_token})
    assert reuse["extensions"]["code"] == "UNAUTHENTICATED"
    stolen_branch = await api.error(REFRESH, {"t": newer["refreshToken"]})
    assert stolen_branch["extensions"]["code"] == "UNAUTHENTICATED"


async def test_reusing_a_spent_refresh_token_ends_its_access_tokens_at_once(
    api: GraphQLClient, account: Account
) -> None:
    newer = (await api.ok(REFRESH, {"t": account.refresh_token}))["tokenRefresh"]
    # Both access tokens of the family work until the copy of the old refresh token shows up.
    assert (await api.ok(ME, token=newer["accessToken"]))["me"]["email"] == account.email

    await api.error(REFRESH, {"t": account.refresh_token})

    for token in (account.access_token, newer["accessToken"]):
        error = await api.error(ME, token=token)
        assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_expired_refresh_token_is_refused(
    api: GraphQLClient, account: Account, clock: FrozenClock
) -> None:
    clock.advance(days=30, seconds=1)
    error = await api.error(REFRESH, {"t": account.refresh_token})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_unknown_refresh_token_is_refused(api: GraphQLClient) -> None:
    error = await api.error(REFRESH, {"t": "tdr_not-a-real-token"})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_logout_ends_the_refresh_token(api: GraphQLClient, account: Account) -> None:
    assert (await api.ok(LOGOUT, {"t": account.refresh_token}))["logout"] is True
    error = await api.error(REFRESH, {"t": account.refresh_token})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_deactivating_a_user_stops_their_live_token_at_once(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    user_id = await my_id(api, seller)
    await api.ok(
        "mutation($id: ID!) { userDeactivate(id: $id) { isActive } }",
        {"id": user_id},
        token=owner.access_token,
    )
    await assert_refused(api, seller.access_token)
    error = await api.error(REFRESH, {"t": seller.refresh_token})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_role_change_applies_on_the_next_request(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    roles = await api.ok(
        "query { me { role { id } } }", token=(await signed_in(api, "manager")).access_token
    )
    user_id = await my_id(api, seller)
    await api.ok(
        "mutation($id: ID!, $r: ID!) { userUpdate(input: {id: $id, roleId: $r}) { id } }",
        {"id": user_id, "r": roles["me"]["role"]["id"]},
        token=owner.access_token,
    )
    me = await api.ok("query { me { role { name } } }", token=seller.access_token)
    assert me["me"]["role"]["name"] == "Manager"
