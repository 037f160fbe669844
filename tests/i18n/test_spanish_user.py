"""Issue 20's done-when: a Spanish user gets Spanish mails and errors, over GraphQL and HTTP,
with mail through a real SMTP server; the error codes stay as they are."""

from __future__ import annotations

from email.header import decode_header, make_header
from typing import Any

import pytest

from tests.support import crm
from tests.support.accounts import Account, my_id, role_id, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer, token_in

UPDATE = """mutation($in: UserUpdateInput!) { userUpdate(input: $in) { locale } }"""
INVITE = """mutation($in: UserInviteInput!) { userInvite(input: $in) { id } }"""
ACCEPT = """mutation($t: String!, $p: String!) {
  inviteAccept(token: $t, password: $p) { user { locale } }
}"""
REQUEST = "mutation($e: String!) { passwordResetRequest(email: $e) }"
CONVERT = """
query($amount: Decimal!, $currency: String!, $on: Date!) {
  moneyConvert(amount: $amount, currency: $currency, on: $on) { amount currency }
}
"""
COMMENT = "mutation($input: CommentCreateInput!) { commentCreate(input: $input) { id } }"
MINE = "{ notifications { edges { node { kind text } } } }"


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url, "public_url": "https://crm.acme.test"}


async def speaking(api: GraphQLClient, account: Account, locale: str) -> Account:
    """``account`` with its language set through the API, as its owner would."""
    user_id = await my_id(api, account)
    data = await api.ok(
        UPDATE, {"in": {"id": user_id, "locale": locale}}, token=account.access_token
    )
    assert data["userUpdate"]["locale"] == locale
    return account


def subject_of(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body_of(message: Any) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode().replace("\r\n", "\n")


async def test_a_spanish_user_gets_errors_in_spanish_with_the_same_codes(
    api: GraphQLClient,
) -> None:
    seller = await speaking(api, await signed_in(api, "salesperson"), "es")
    user_id = await my_id(api, seller)

    empty = await api.error(
        UPDATE, {"in": {"id": user_id, "name": "  "}}, token=seller.access_token
    )
    refused = await api.error(
        INVITE,
        {"in": {"email": "new@acme.test", "name": "New", "roleId": await role_id(api, "support")}},
        token=seller.access_token,
    )

    assert empty["message"] == "El nombre no puede estar vacío"
    assert empty["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    assert refused["message"] == "Tu rol no puede hacer create en registros de user"
    assert refused["extensions"]["code"] == "FORBIDDEN"


async def test_template_role_names_read_in_the_users_language(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    role_name = "query { me { role { name template } } }"
    english = await api.ok(role_name, token=seller.access_token)
    await speaking(api, seller, "es")
    spanish = await api.ok(role_name, token=seller.access_token)
    await speaking(api, seller, "fr")
    french = await api.ok(role_name, token=seller.access_token)

    assert english["me"]["role"] == {"name": "Salesperson", "template": "salesperson"}
    assert spanish["me"]["role"] == {"name": "Vendedor", "template": "salesperson"}
    assert french["me"]["role"] == {"name": "Commercial", "template": "salesperson"}


async def test_dates_in_a_spanish_or_french_message_are_written_per_locale(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    english = await api.error(
        CONVERT, {"amount": "1", "currency": "USD", "on": "2026-02-28"}, token=owner.access_token
    )
    await speaking(api, owner, "es")
    spanish = await api.error(
        CONVERT, {"amount": "1", "currency": "USD", "on": "2026-02-28"}, token=owner.access_token
    )
    await speaking(api, owner, "fr-FR")
    french = await api.error(
        CONVERT, {"amount": "1", "currency": "USD", "on": "2026-02-28"}, token=owner.access_token
    )

    assert english["message"] == "No exchange rate for USD dated on or before 2026-02-28"
    assert spanish["message"] == (
        "No hay tipo de cambio para USD con fecha igual o anterior al 28 de febrero de 2026"
    )
    assert french["message"] == "Aucun taux de change pour USD daté du 28 février 2026 ou avant"
    assert english["extensions"] == spanish["extensions"] == french["extensions"]


async def test_a_spanish_user_gets_the_password_reset_mail_in_spanish(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    seller = await speaking(api, await signed_in(api, "salesperson"), "es")

    assert (await api.ok(REQUEST, {"e": seller.email}))["passwordResetRequest"] is True
    message = await smtp_server.inbox.next_to(seller.email)
    body = body_of(message)

    assert subject_of(message) == "Restablece tu contraseña de Tandem"
    assert body.startswith(f"Hola, {seller.user.name}:\n\nAlguien ha pedido restablecer")
    assert "en un plazo de 30 minutos." in body
    assert "https://crm.acme.test/reset-password?token=" in body
    assert token_in(message)  # the line the mail log redacts keeps its form


async def test_a_french_owner_invites_in_french_and_the_invitee_keeps_french(
    api: GraphQLClient, smtp_server: SmtpServer
) -> None:
    owner = await speaking(api, await signed_in(api, "owner"), "fr")
    role = await role_id(api, "salesperson")

    await api.ok(
        INVITE,
        {"in": {"email": "lea@acme.test", "name": "Léa", "roleId": role}},
        token=owner.access_token,
    )
    message = await smtp_server.inbox.next_to("lea@acme.test")
    body = body_of(message)

    assert subject_of(message) == "Vous êtes invité à rejoindre Tandem"
    assert body.startswith(f"Bonjour Léa,\n\n{owner.user.name} vous invite à rejoindre Tandem.")
    assert "dans un délai de 72 heures." in body
    accepted = await api.ok(ACCEPT, {"t": token_in(message), "p": "a-long-unusual-passphrase"})
    assert accepted["inviteAccept"]["user"]["locale"] == "fr"


async def test_a_spanish_colleague_is_notified_in_spanish(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    manager = await speaking(api, await signed_in(api, "manager"), "es")
    deal = await crm.deal(seller.user, await crm.department("Sales"))
    mention = f"@[{manager.user.name}]({crm.gid(manager.user)})"

    await api.ok(
        COMMENT,
        {"input": {"targetId": crm.gid(deal), "body": f"{mention} ¿precio ok?"}},
        token=seller.access_token,
    )
    theirs = await api.ok(MINE, token=manager.access_token)

    assert [e["node"] for e in theirs["notifications"]["edges"]] == [
        {"kind": "MENTION", "text": "Te han mencionado en un comentario"}
    ]
