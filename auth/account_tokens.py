"""One-time tokens sent by e-mail: invitations and password resets."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from auth.tokens import digest, new_secret
from models import clock
from models.audit import write_audit
from models.credentials import OneTimeToken
from models.errors import BadInput
from models.unit_of_work import unit_of_work
from models.user import User

INVITE = "invite"
PASSWORD_RESET = "password_reset"
# How the audit trail names issuing and redeeming each kind of link.
AUDIT_ACTIONS = {
    INVITE: ("user.inviteLink", "user.inviteAccept"),
    PASSWORD_RESET: ("user.passwordResetLink", "user.passwordReset"),
}


async def issue(user: User, purpose: str, ttl: timedelta) -> str:
    # A new token supersedes older unused ones of the same purpose.
    now = clock.now()
    await OneTimeToken.filter(user_id=user.id, purpose=purpose, used_at__isnull=True).update(
        used_at=now
    )
    secret = new_secret()
    async with unit_of_work():
        token = await OneTimeToken.create(
            user=user,
            purpose=purpose,
            token_hash=digest(secret),
            created_at=now,
            expires_at=now + ttl,
        )
        # The link itself never enters the log: only that one was issued, and until when.
        after = {"expiresAt": token.expires_at.isoformat()}
        await write_audit(user.id, AUDIT_ACTIONS[purpose][0], "user", user.id, None, after)
    return secret


def invalid_token() -> BadInput:
    return BadInput("This link is invalid or has expired", field="token")


async def redeem(secret: str, purpose: str, change: Callable[[User], Awaitable[None]]) -> User:
    """Spend a token on ``change`` of its user, in one transaction: the token is used up only
    when the change succeeds (a refused password leaves the link working). ``change`` checks
    its input before it writes. Any token failure is the same BAD_USER_INPUT on ``token``."""
    token = await OneTimeToken.get_or_none(token_hash=digest(secret), purpose=purpose)
    now = clock.now()
    if token is None or token.expires_at <= now or token.used_at is not None:
        raise invalid_token()
    user = await User.get(id=token.user_id)
    async with unit_of_work():
        await change(user)
        # Conditional: of two concurrent redemptions one spends it, the other rolls back.
        spent = await OneTimeToken.filter(id=token.id, used_at__isnull=True).update(used_at=now)
        if not spent:
            raise invalid_token()
        # The user concerned is the actor: nobody is signed in on these flows.
        await write_audit(user.id, AUDIT_ACTIONS[purpose][1], "user", user.id, None, None)
    return user
