"""Password reset and invitations, with mail delivered to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from typing import Any

import pytest

from models.clock import FrozenClock
from tests.support.accounts import LOGIN, Account, make_user, role_id, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer, token_in

REQUEST = "mutation($e: String!) { passwordResetRequest(email: $e) }"
RESET = "mutation($t: String!, $p: String!) { passwordReset(token: $t, newPassword: $p) }"
INVITE = """mutation($in: UserInviteInput!) { userInvite(input: $in) { id email isActive } }"""
ACCEPT = """mutation($t: String!, $p: String!) {
  inviteAccept(token: $t, password: $p) { accessToken user { email emailConfirmed } }
}"""
NEW_PASSWORD = "another-long-unusual-passphrase"


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url, "public_url": "https://crm.acme.test"}


async def reset_token(api: GraphQLClient, smtp: SmtpServer, account: Account) -> str:
    assert (await api.ok(REQUEST, {"e": account.email}))["passwordResetRequest"] is True
    message = await smtp.inbox.next_to(account.email)
    assert "https://crm.acme.test/reset-password?token=" in str(message.get_payload())
    return token_in(message)


async def test_a_reset_mail_sets_a_new_password_and_ends_old_sessions(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    account = await signed_in(api, "salesperson")
    token = await reset_token(api, smtp_server, account)
    assert (await api.ok(RESET, {"t": token, "p": NEW_PASSWORD}))["passwordReset"] is True
    await api.ok(LOGIN, {"email": account.email, "password": NEW_PASSWORD})
    old = await api.error(
        "mutation($t: String!) { tokenRefresh(refreshToken: $t) { accessToken } }",
        {"t": account.refresh_token},
    )
    assert old["extensions"]["code"] == "UNAUTHENTICATED"
    stale = await api.error("query { me { email } }", token=account.access_token)
    assert stale["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    known = await make_user("salesperson")
    assert (await api.ok(REQUEST, {"e": "nobody@acme.test"}))["passwordResetRequest"] is True
    await reset_token(api, smtp_server, known)  # a later message arrives; none went to nobody
    assert smtp_server.inbox.to("nobody@acme.test") == []


async def test_a_reset_token_works_once(api: GraphQLClient, smtp_server: SmtpServer) -> None:
    account = await make_user("salesperson")
    token = await reset_token(api, smtp_server, account)
    await api.ok(RESET, {"t": token, "p": NEW_PASSWORD})
    again = await api.error(RESET, {"t": token, "p": NEW_PASSWORD + "x"})
    assert again["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}


async def test_a_reset_token_expires_within_the_hour(
    api: GraphQLClient, smtp_server: SmtpServer, clock: FrozenClock
) -> None:
    account = await make_user("salesperson")
    token = await reset_token(api, smtp_server, account)
    clock.advance(minutes=31)
    error = await api.error(RESET, {"t": token, "p": NEW_PASSWORD})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-one", "at least 12"),
        ("password1234", "too common"),
        ("salesperson-secret-1", "must not contain the e-mail"),
    ],
)
async def test_a_weak_new_password_is_refused_and_the_old_one_kept(
    api: GraphQLClient, smtp_server: SmtpServer, password: str, message: str
) -> None:
    account = await make_user("salesperson")
    token = await reset_token(api, smtp_server, account)
    error = await api.error(RESET, {"t": token, "p": password})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "newPassword"}
    assert message in error["message"]
    await api.ok(LOGIN, {"email": account.email, "password": account.password})


async def test_an_invited_user_accepts_and_is_signed_in(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    owner = await signed_in(api, "owner")
    seller_role = await role_id(api, "salesperson")
    invited = await api.ok(
        INVITE,
        {"in": {"email": "new@acme.test", "name": "New Seller", "roleId": seller_role}},
        token=owner.access_token,
    )
    assert invited["userInvite"]["email"] == "new@acme.test"
    token = token_in(await smtp_server.inbox.next_to("new@acme.test"))
    accepted = await api.ok(ACCEPT, {"t": token, "p": NEW_PASSWORD})
    assert accepted["inviteAccept"]["user"] == {"email": "new@acme.test", "emailConfirmed": True}
    await api.ok(LOGIN, {"email": "new@acme.test", "password": NEW_PASSWORD})


async def test_an_invited_user_cannot_sign_in_before_accepting(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    owner = await signed_in(api, "owner")
    await api.ok(
        INVITE,
        {"in": {"email": "new@acme.test", "name": "New", "roleId": await role_id(api, "support")}},
        token=owner.access_token,
    )
    error = await api.error(LOGIN, {"email": "new@acme.test", "password": NEW_PASSWORD})
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_invitation_expires(
    api: GraphQLClient, smtp_server: SmtpServer, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    await api.ok(
        INVITE,
        {
            "in": {
                "email": "late@acme.test",
                "name": "Late",
                "roleId": await role_id(api, "support"),
            }
        },
        token=owner.access_token,
    )
    token = token_in(await smtp_server.inbox.next_to("late@acme.test"))
    clock.advance(hours=72, seconds=1)
    error = await api.error(ACCEPT, {"t": token, "p": NEW_PASSWORD})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}


async def test_inviting_an_existing_address_is_bad_input(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    owner = await signed_in(api, "owner")
    error = await api.error(
        INVITE,
        {
            "in": {
                "email": "OWNER@acme.test",
                "name": "Dup",
                "roleId": await role_id(api, "support"),
            }
        },
        token=owner.access_token,
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}


@pytest.mark.parametrize(
    ("inviter", "invited"),
    [
        ("salesperson", "read_only"),
        ("manager", "manager"),
        ("manager", "senior_manager"),
        ("senior_manager", "owner"),
        ("admin", "admin"),
    ],
)
async def test_nobody_invites_at_or_above_their_rank(
    api: GraphQLClient, smtp_server: SmtpServer, inviter: str, invited: str
) -> None:
    account = await signed_in(api, inviter)
    error = await api.error(
        INVITE,
        {"in": {"email": "x@acme.test", "name": "X", "roleId": await role_id(api, invited)}},
        token=account.access_token,
    )
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert smtp_server.inbox.to("x@acme.test") == []
