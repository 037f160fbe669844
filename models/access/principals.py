"""A user's principal as it is now: the user row, its role's permissions and its departments.

Domain code that acts for or on behalf of a user builds one here (a notification's recipient is
checked against their own gate); auth/authenticate.py does the token side and then calls this.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from models.access import policy
from models.access.principal import Principal
from models.caller import caller_row
from models.errors import Unauthenticated


async def principal_for_user(
    user_id: int, session_version: int | None, connection: BaseDBAsyncClient | None = None
) -> Principal:
    """Load the user's current state: user, role and departments in one statement.
    ``session_version``: the one a credential was issued for; None when no credential is involved.
    ``connection``: read inside that transaction (a notification's recipient)."""
    user = await caller_row(user_id, connection)
    if user is None or not user.is_active:
        raise Unauthenticated("This account is no longer active")
    if session_version is not None and user.session_version != session_version:
        raise Unauthenticated("This session has ended; sign in again")
    return Principal(
        user_id=user.user_id,
        email=user.email,
        role_id=user.role_id,
        role_level=user.role_level,
        department_ids=user.department_ids,
        session_version=user.session_version,
        policy=policy.load(user.permissions),
        locale=user.locale,
    )
