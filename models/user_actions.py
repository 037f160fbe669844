"""Domain actions on users that do not depend on who is asking (CLI, demo, invitations)."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.audit import write_audit
from models.department import Department
from models.errors import BadInput
from models.role import Role
from models.user import User


def email_key(email: str) -> str:
    return email.strip().lower()


async def create_user(
    *,
    email: str,
    name: str,
    role: Role,
    password_hash: str | None,
    departments: list[Department] | None = None,
    manager: User | None = None,
    actor_id: int | None = None,
    locale: str = "en",
) -> User:
    """A new user (an invitation when there is no password yet). Created by someone
    (``actor_id``), it is audited as ``user.create``; the command line's first Owner and
    seeded data have no actor and no entry."""
    email = email.strip()
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise BadInput("Not a valid e-mail address", field="email")
    if not name.strip():
        raise BadInput("Name must not be empty", field="name")
    try:
        async with in_transaction():
            user = await User.create(
                email=email,
                email_key=email_key(email),
                name=name.strip(),
                role=role,
                password_hash=password_hash,
                locale=locale,
                manager=manager,
            )
            if departments:
                await user.departments.add(*departments)
            if actor_id is not None:
                after = {
                    "email": email,
                    "name": user.name,
                    "role": role.pk,
                    "departments": [d.pk for d in departments or []],
                    "invited": password_hash is None,
                }
                await write_audit(actor_id, "user.create", "user", user.pk, None, after)
    except IntegrityError as exc:
        # The unique index on email_key decides, so two concurrent invitations cannot both win.
        raise BadInput("A user with this e-mail already exists", field="email") from exc
    return user
