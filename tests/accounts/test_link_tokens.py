"""A link (invitation, password reset) is used up only by a change that succeeds: a refused
password leaves it working; a used link stays used. Links in mail point at TANDEM_PUBLIC_URL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.accounts import LOGIN, make_user, role_id, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer, token_in

REQUEST = "mutation($e: String!) { passwordResetRequest(email: $e) }"
RESET = "mutation($t: String!, $p: String!) { passwordReset(token: $t, newPassword: $p) }"
INVITE = """mutation($in: UserInviteInput!) { userInvite(input: $in) { id } }"""
ACCEPT = """mutation($t: String!, $p: String!) {
  inviteAccept(token: $t, password: $p) { user { email } }
}"""
GOOD = "another-long-unusual-passphrase"
PUBLIC = "https://crm.example.test:8443/app"


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url, "public_url": PUBLIC}


def _body(message: Any) -> str:
    return bytes(message.get_payload(decode=True)).decode()


async def test_a_too_short_password_keeps_the_reset_link_usable(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    account = await make_user("salesperson")
    await api.ok(REQUEST, {"e": account.email})
    message = await smtp_server.inbox.next_to(account.email)
    assert f"{PUBLIC}/reset-password?token=" in _body(message)
    token = token_in(message)

    short = await api.error(RESET, {"t": token, "p": "short"})
    assert short["extensions"] == {"code": "BAD_USER_INPUT", "field": "newPassword"}
    assert (await api.ok(RESET, {"t": token, "p": GOOD}))["passwordReset"] is True
    await api.ok(LOGIN, {"email": account.email, "password": GOOD})

    again = await api.error(RESET, {"t": token, "p": GOOD + "-again"})
    assert again["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}


async def test_a_too_short_password_keeps_the_invitation_usable(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    owner = await signed_in(api, "owner")
    await api.ok(
        INVITE,
        {"in": {"email": "new@acme.test", "name": "New", "roleId": await role_id(api, "support")}},
        token=owner.access_token,
    )
    message = await smtp_server.inbox.next_to("new@acme.test")
    assert f"{PUBLIC}/accept-invite?token=" in _body(message)
    token = token_in(message)

    short = await api.error(ACCEPT, {"t": token, "p": "short"})
    assert short["extensions"]["code"] == "BAD_USER_INPUT"
    accepted = await api.ok(ACCEPT, {"t": token, "p": GOOD})
    assert accepted["inviteAccept"]["user"] == {"email": "new@acme.test"}

    again = await api.error(ACCEPT, {"t": token, "p": GOOD})
    assert again["extensions"] == {"code": "BAD_USER_INPUT", "field": "token"}
