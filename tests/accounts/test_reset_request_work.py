"""A reset request does the same work on the request path whether or not the account exists.

Timing is what leaked (a known address took longer: its token was written before answering), so
the test compares the work itself: the SQL statements the request runs before it answers. The
link is still written and mailed, off the request path.
"""

from __future__ import annotations

from typing import Any

import pytest

from models.credentials import OneTimeToken
from models.user import User
from tests.support.accounts import make_user
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer, token_in
from tests.support.sql import count_statements

REQUEST = "mutation($e: String!) { passwordResetRequest(email: $e) }"


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url}


async def _request_path(api: GraphQLClient, email: str) -> list[str]:
    with count_statements(include_caller=True, this_task=True) as counter:
        assert (await api.ok(REQUEST, {"e": email}))["passwordResetRequest"] is True
    # The statements, not their parameters (the address differs by design).
    return [statement.rsplit(": [", 1)[0] for statement in counter.statements]


async def test_known_and_unknown_addresses_run_the_same_statements(
    api: GraphQLClient, smtp_server: SmtpServer, app: Any
) -> None:
    known = await make_user("salesperson")

    for_known = await _request_path(api, known.email)
    await app.state.services.mailer.drain()
    for_unknown = await _request_path(api, "nobody@acme.test")
    await app.state.services.mailer.drain()

    assert for_known == for_unknown
    message = await smtp_server.inbox.next_to(known.email)
    assert token_in(message)
    assert smtp_server.inbox.to("nobody@acme.test") == []
    assert await OneTimeToken.filter(user_id=known.user.id, purpose="password_reset").count() == 1


async def test_an_account_without_a_password_gets_no_link(
    api: GraphQLClient, smtp_server: SmtpServer, app: Any
) -> None:
    known = await make_user("salesperson")
    await User.filter(id=known.user.id).update(password_hash=None)

    await api.ok(REQUEST, {"e": known.email})
    await app.state.services.mailer.drain()

    assert smtp_server.inbox.to(known.email) == []
    assert not await OneTimeToken.filter(user_id=known.user.id).exists()
