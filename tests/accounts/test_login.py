"""Signing in, and login protection: lockout, IP throttling, IP blocks, the attempt log."""

from __future__ import annotations

import pytest

from models.clock import FrozenClock
from tests.support.accounts import LOGIN, PASSWORD, make_user, signed_in
from tests.support.graphql import GraphQLClient

ME = "query { me { email name role { name level } departments { name } } }"
ATTEMPTS = """query($email: String) { loginAttempts(email: $email) { email success reason ip } }"""


async def attempt(api: GraphQLClient, email: str, password: str) -> dict:
    return await api.error(LOGIN, {"email": email, "password": password})


async def test_a_user_signs_in_and_sees_themselves(api: GraphQLClient) -> None:
    account = await signed_in(api, "salesperson")
    data = await api.ok(ME, token=account.access_token)
    assert data["me"]["email"] == "salesperson@acme.test"
    assert data["me"]["role"] == {"name": "Salesperson", "level": 40}
    assert data["me"]["departments"] == [{"name": "Sales"}]


async def test_the_email_is_matched_case_insensitively(api: GraphQLClient) -> None:
    await make_user("owner", email="Boss@Acme.test")
    data = await api.ok(LOGIN, {"email": "boss@ACME.TEST", "password": PASSWORD})
    assert data["login"]["user"]["email"] == "Boss@Acme.test"


async def test_wrong_password_and_unknown_email_are_the_same_error(api: GraphQLClient) -> None:
    await make_user("owner")
    wrong_password = await attempt(api, "owner@acme.test", "not-the-password-at-all")
    unknown = await attempt(api, "nobody@acme.test", "not-the-password-at-all")
    assert wrong_password["extensions"] == unknown["extensions"] == {"code": "UNAUTHENTICATED"}
    assert wrong_password["message"] == unknown["message"]


async def test_a_deactivated_user_cannot_sign_in_and_learns_nothing_more(
    api: GraphQLClient,
) -> None:
    account = await make_user("salesperson")
    account.user.is_active = False
    await account.user.save()
    error = await attempt(api, account.email, account.password)
    assert error["message"] == "Invalid e-mail or password"


async def test_me_without_a_token_is_unauthenticated(api: GraphQLClient) -> None:
    error = await api.error(ME)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["path"] == ["me"]


async def test_the_fifth_failure_locks_the_account_even_for_the_right_password(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    account = await make_user("salesperson")
    for _ in range(4):
        assert (await attempt(api, account.email, "wrong-password-123"))["extensions"][
            "code"
        ] == "UNAUTHENTICATED"
    fifth = await attempt(api, account.email, "wrong-password-123")
    assert fifth["extensions"] == {"code": "LOCKED_OUT", "retryAfter": 1800}
    clock.advance(minutes=10)
    locked = await attempt(api, account.email, account.password)
    assert locked["extensions"] == {"code": "LOCKED_OUT", "retryAfter": 1200}


async def test_the_lock_lifts_after_thirty_minutes(api: GraphQLClient, clock: FrozenClock) -> None:
    account = await make_user("salesperson")
    for _ in range(5):
        await attempt(api, account.email, "wrong-password-123")
    clock.advance(minutes=30, seconds=1)
    data = await api.ok(LOGIN, {"email": account.email, "password": account.password})
    assert data["login"]["accessToken"]


async def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    account = await make_user("salesperson")
    for _ in range(4):
        await attempt(api, account.email, "wrong-password-123")
    clock.advance(minutes=16)
    for _ in range(4):
        error = await attempt(api, account.email, "wrong-password-123")
        assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_unknown_emails_lock_exactly_like_real_ones(api: GraphQLClient) -> None:
    for _ in range(4):
        await attempt(api, "ghost@acme.test", "wrong-password-123")
    fifth = await attempt(api, "ghost@acme.test", "wrong-password-123")
    assert fifth["extensions"]["code"] == "LOCKED_OUT"


async def test_an_ip_failing_across_many_accounts_is_throttled(api: GraphQLClient) -> None:
    for i in range(19):
        await attempt(api, f"victim{i}@acme.test", "wrong-password-123")
    twentieth = await attempt(api, "victim19@acme.test", "wrong-password-123")
    assert twentieth["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 900}
    account = await make_user("owner")
    refused = await attempt(api, account.email, account.password)
    assert refused["extensions"]["code"] == "RATE_LIMITED"


async def test_every_attempt_is_recorded_for_admins(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    await attempt(api, "someone@acme.test", "wrong-password-123")
    data = await api.ok(ATTEMPTS, token=admin.access_token)
    assert data["loginAttempts"][0] == {
        "email": "someone@acme.test",
        "success": False,
        "reason": "bad_credentials",
        "ip": "127.0.0.1",
    }
    assert data["loginAttempts"][1]["email"] == "admin@acme.test"
    assert data["loginAttempts"][1]["success"] is True


@pytest.mark.parametrize("role", ["manager", "salesperson", "read_only"])
async def test_only_admins_list_attempts(api: GraphQLClient, role: str) -> None:
    account = await signed_in(api, role)
    error = await api.error(ATTEMPTS, token=account.access_token)
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_an_admin_blocks_and_unblocks_an_ip(api: GraphQLClient) -> None:
    admin = await signed_in(api, "admin")
    other = await make_user("salesperson")
    block = 'mutation { ipBlock(ip: "127.0.0.1", reason: "credential stuffing") { ip reason } }'
    assert (await api.ok(block, token=admin.access_token))["ipBlock"]["ip"] == "127.0.0.1"
    refused = await attempt(api, other.email, other.password)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    blocks = await api.ok("query { ipBlocks { ip reason } }", token=admin.access_token)
    assert blocks["ipBlocks"] == [{"ip": "127.0.0.1", "reason": "credential stuffing"}]
    unblock = 'mutation { ipUnblock(ip: "127.0.0.1") }'
    assert (await api.ok(unblock, token=admin.access_token))["ipUnblock"] is True
    await api.ok(LOGIN, {"email": other.email, "password": other.password})


async def test_a_manager_cannot_block_ips(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    error = await api.error(
        'mutation { ipBlock(ip: "10.0.0.1") { ip } }', token=manager.access_token
    )
    assert error["extensions"]["code"] == "FORBIDDEN"
