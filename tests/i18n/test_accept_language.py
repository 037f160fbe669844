"""Without a signed-in user, the request's Accept-Language picks the language (negotiated among
en, es, fr with Babel); a signed-in user's own language wins over the header."""

from __future__ import annotations

import pytest

from tests.support.accounts import LOGIN, make_user, my_id, signed_in
from tests.support.graphql import GraphQLClient

ME = "query { me { email } }"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8", "E-mail ou mot de passe incorrect"),
        ("es-MX", "Correo electrónico o contraseña incorrectos"),
        ("de-DE, es;q=0.5, fr;q=0.4", "Correo electrónico o contraseña incorrectos"),
        ("de-DE, it;q=0.9", "Invalid e-mail or password"),
        ("fr;q=0, es;q=0.1", "Correo electrónico o contraseña incorrectos"),
        ("", "Invalid e-mail or password"),
    ],
)
async def test_a_failed_sign_in_answers_in_the_accepted_language(
    api: GraphQLClient, header: str, message: str
) -> None:
    account = await make_user("salesperson")

    error = await api.error(
        LOGIN,
        {"email": account.email, "password": "not the password"},
        headers={"accept-language": header},
    )

    assert error["message"] == message
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_anonymous_request_needing_a_caller_answers_in_french(
    api: GraphQLClient,
) -> None:
    error = await api.error(ME, headers={"accept-language": "fr"})

    assert error["message"] == "Authentification requise"
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_users_own_language_wins_over_the_header(api: GraphQLClient) -> None:
    english_user = await signed_in(api, "salesperson")

    user_id = await my_id(api, english_user)

    error = await api.error(
        "mutation($in: UserUpdateInput!) { userUpdate(input: $in) { name } }",
        {"in": {"id": user_id, "name": " "}},
        token=english_user.access_token,
        headers={"accept-language": "es"},
    )

    assert error["message"] == "Name must not be empty"
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
