"""With no SMTP server configured (the embedded default), mail goes to the mail log table."""

from __future__ import annotations

from models.security import MailLog
from tests.support.accounts import make_user
from tests.support.graphql import GraphQLClient


async def test_a_reset_mail_is_logged_when_no_smtp_is_configured(
    api: GraphQLClient, app: object
) -> None:
    account = await make_user("support")
    await api.ok("mutation($e: String!) { passwordResetRequest(email: $e) }", {"e": account.email})
    await app.state.services.mailer.drain()  # type: ignore[attr-defined]
    entry = await MailLog.get(to=account.email)
    assert entry.status == "logged"
    assert entry.subject == "Reset your Tandem password"
    assert "Token: " in entry.body
