"""Arranging people for a test: users of any role template, signed in through the API."""

from __future__ import annotations

from dataclasses import dataclass

from auth.passwords import hash_password
from auth.roles import ensure_role_templates
from models.department import Department
from models.role import Role
from models.user import User
from models.user_actions import create_user
from tests.support.graphql import GraphQLClient

PASSWORD = "a-long-and-unusual-passphrase"
LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    accessToken refreshToken accessTokenExpiresAt user { id email }
  }
}
"""


@dataclass(slots=True)
class Account:
    user: User
    email: str
    password: str
    access_token: str = ""
    refresh_token: str = ""


async def make_user(
    role: str | Role = "owner",
    *,
    email: str | None = None,
    password: str = PASSWORD,
    department: str | None = "Sales",
) -> Account:
    """A user holding a role template (by key) or a given (custom) role."""
    roles = await ensure_role_templates()
    # A template key, the name of a custom role the test created, or the role itself.
    held = (roles.get(role) or await Role.get(name=role)) if isinstance(role, str) else role
    key = role if isinstance(role, str) else held.name.lower().replace(" ", "_")
    email = email or f"{key.replace('_', '.')}@acme.test"
    departments = [(await Department.get_or_create(name=department))[0]] if department else []
    user = await create_user(
        email=email,
        name=key.replace("_", " ").title(),
        role=held,
        password_hash=hash_password(password),
        departments=departments,
    )
    return Account(user, email, password)


async def sign_in(api: GraphQLClient, account: Account) -> Account:
    data = await api.ok(LOGIN, {"email": account.email, "password": account.password})
    account.access_token = data["login"]["accessToken"]
    account.refresh_token = data["login"]["refreshToken"]
    return account


async def signed_in(api: GraphQLClient, role: str | Role = "owner", **kwargs: object) -> Account:
    return await sign_in(api, await make_user(role, **kwargs))  # type: ignore[arg-type]


async def my_id(api: GraphQLClient, account: Account) -> str:
    """The account's global user id, as the API reports it."""
    return str((await api.ok("query { me { id } }", token=account.access_token))["me"]["id"])


async def my_role_id(api: GraphQLClient, token: str) -> str:
    data = await api.ok("query { me { role { id } } }", token=token)
    return str(data["me"]["role"]["id"])


async def role_id(api: GraphQLClient, template: str) -> str:
    """The global id of a template role, learned by signing in a probe user who holds it."""
    probe = await signed_in(api, template, email=f"probe.{template}@acme.test")
    return await my_role_id(api, probe.access_token)
