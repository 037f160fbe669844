"""mailLog: the mail Tandem sent, for access administrators, with link tokens redacted."""

from __future__ import annotations

from starlette.applications import Starlette

from models.security import MailLog
from tests.support.accounts import make_user, signed_in
from tests.support.graphql import GraphQLClient

REQUEST = "mutation($e: String!) { passwordResetRequest(email: $e) }"
LOG = """
query($first: Int, $after: String, $filter: MailLogFilter) {
  mailLog(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { node { to subject body status createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def _reset(api: GraphQLClient, app: Starlette, email: str) -> str:
    await api.ok(REQUEST, {"e": email})
    await app.state.services.mailer.drain()
    entry = await MailLog.filter(to=email).order_by("-id").first()
    assert entry is not None
    token = entry.body.split("Token: ")[1].split()[0]
    return token


async def test_an_owner_reads_the_mail_log_without_tokens(
    api: GraphQLClient, app: Starlette
) -> None:
    owner = await signed_in(api, "owner")
    seller = await make_user("salesperson")
    other = await make_user("support")
    token = await _reset(api, app, seller.email)
    await _reset(api, app, other.email)

    data = await api.ok(LOG, token=owner.access_token)

    log = data["mailLog"]
    assert log["totalCount"] == 2
    first = log["edges"][-1]["node"]
    assert first["to"] == seller.email
    assert first["subject"] == "Reset your Tandem password"
    assert first["status"] == "logged"
    assert token not in first["body"]
    assert "redacted" in first["body"]
    assert "reset-password?token=" in first["body"]
    one = await api.ok(LOG, {"filter": {"to": other.email}}, token=owner.access_token)
    assert [e["node"]["to"] for e in one["mailLog"]["edges"]] == [other.email]
    page = await api.ok(LOG, {"first": 1}, token=owner.access_token)
    assert page["mailLog"]["pageInfo"]["hasNextPage"] is True
    rest = await api.ok(
        LOG, {"after": page["mailLog"]["pageInfo"]["endCursor"]}, token=owner.access_token
    )
    assert [e["node"]["to"] for e in rest["mailLog"]["edges"]] == [seller.email]


async def test_a_manager_may_not_read_the_mail_log(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    error = await api.error(LOG, token=manager.access_token)
    assert error["extensions"]["code"] == "FORBIDDEN"
