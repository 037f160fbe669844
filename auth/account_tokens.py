"""One-time tokens sent by e-mail: invitations and password resets."""

from __future__ import annotations

from datetime import timedelta

from auth.tokens import digest, new_secret
from models import clock
from models.credentials import OneTimeToken
from models.errors import BadInput
from models.user import User

INVITE = "invite"
PASSWORD_RESET = "password_reset"


async def issue(user: User, purpose: str, ttl: timedelta) -> str:
    # A new token supersedes older unused ones of the same purpose.
    now = clock.now()
    await OneTimeToken.filter(user_id=user.id, purpose=purpose, used_at__isnull=True).update(
        used_at=now
    )
    secret = new_secret()
    await OneTimeToken.create(
        user=user,
        purpose=purpose,
        token_hash=digest(secret),
        created_at=now,
        expires_at=now + ttl,
    )
    return secret


def invalid_token() -> BadInput:
    return BadInput("This link is invalid or has expired", field="token")


async def consume(secret: str, purpose: str) -> User:
    """Spend a token once, atomically; any failure is the same BAD_USER_INPUT on ``token``."""
    invalid = invalid_token()
    token = await OneTimeToken.get_or_none(token_hash=digest(secret), purpose=purpose)
    now = clock.now()
    if token is None or token.expires_at <= now:
        raise invalid
    spent = await OneTimeToken.filter(id=token.id, used_at__isnull=True).update(used_at=now)
    if not spent:
        raise invalid
    return await User.get(id=token.user_id)
