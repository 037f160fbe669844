"""Sign-in sessions: login, refresh-token rotation with reuse detection, logout."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import F

from auth import login_protection
from auth.passwords import hash_password, needs_rehash, verify_password
from auth.tokens import TokenCodec, digest, new_secret
from models import clock
from models.credentials import RefreshToken
from models.errors import DomainError, Unauthenticated
from models.i18n import N_
from models.outbox import emit_access_change
from models.unit_of_work import unit_of_work
from models.user import User
from models.user_actions import email_key

BAD_CREDENTIALS = N_("Invalid e-mail or password")
REFRESH_PREFIX = "tdr_"


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    access_token: str
    access_expires_at: datetime
    refresh_token: str


@dataclass(frozen=True, slots=True)
class Issuer:
    codec: TokenCodec
    refresh_ttl: timedelta

    async def open(
        self, user: User, *, family: str | None, ip: str | None, user_agent: str | None
    ) -> Session:
        secret = new_secret(REFRESH_PREFIX)
        now = clock.now()
        await RefreshToken.create(
            user=user,
            family=family or secrets.token_hex(16),
            token_hash=digest(secret),
            created_at=now,
            expires_at=now + self.refresh_ttl,
            ip=ip,
            user_agent=(user_agent or "")[:255] or None,
        )
        access, expires = self.codec.issue(user.id, user.session_version)
        return Session(user, access, expires, secret)


async def login(
    issuer: Issuer, email: str, password: str, *, ip: str | None, user_agent: str | None
) -> Session:
    key = email_key(email)
    try:
        await login_protection.check_allowed(key, ip)
    except DomainError as refused:
        await login_protection.record(
            key, ip=ip, user_agent=user_agent, success=False, reason=_reason(refused)
        )
        raise
    user = await User.get_or_none(email_key=key)
    # verify_password does the same argon2 work whether or not the account exists.
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not password_ok or not user.is_active:
        reason = "inactive" if user is not None and password_ok else "bad_credentials"
        await login_protection.record(
            key,
            ip=ip,
            user_agent=user_agent,
            success=False,
            reason=reason,
            user_id=user.id if user else None,
        )
        await login_protection.after_failure(key, ip)
        raise Unauthenticated(BAD_CREDENTIALS)
    await login_protection.record(
        key, ip=ip, user_agent=user_agent, success=True, reason="ok", user_id=user.id
    )
    user.last_login_at = clock.now()
    update_fields = ["last_login_at"]
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        update_fields.append("password_hash")
    await user.save(update_fields=update_fields)
    return await issuer.open(user, family=None, ip=ip, user_agent=user_agent)


def _reason(error: DomainError) -> str:
    return {"LOCKED_OUT": "locked", "RATE_LIMITED": "ip_throttled"}.get(error.code, "ip_blocked")


async def refresh(
    issuer: Issuer, secret: str, *, ip: str | None, user_agent: str | None
) -> Session:
    token = await RefreshToken.get_or_none(token_hash=digest(secret))
    if token is None:
        raise Unauthenticated("Invalid refresh token")
    now = clock.now()
    # Spend the token atomically: of two concurrent refreshes with one token, one wins.
    spent = await RefreshToken.filter(
        id=token.id, used_at__isnull=True, revoked_at__isnull=True
    ).update(used_at=now)
    if not spent:
        # A spent or revoked token came back: someone holds a copy, and may hold its access
        # tokens too. Access tokens name the user's session version, not the family, so every
        # session of the user ends now (as a deactivation does), not when its tokens expire.
        owner = await User.get_or_none(id=token.user_id)
        if owner is not None:
            await end_all_sessions(owner)
        else:
            await revoke_family(token.family)
        raise Unauthenticated("Refresh token already used; the session was ended")
    if token.expires_at <= now:
        raise Unauthenticated("Refresh token expired")
    user = await User.get_or_none(id=token.user_id)
    if user is None or not user.is_active:
        await revoke_family(token.family)
        raise Unauthenticated("Invalid refresh token")
    return await issuer.open(user, family=token.family, ip=ip, user_agent=user_agent)


async def revoke_family(family: str) -> None:
    await RefreshToken.filter(family=family, revoked_at__isnull=True).update(revoked_at=clock.now())


async def logout(secret: str) -> None:
    token = await RefreshToken.get_or_none(token_hash=digest(secret))
    if token is not None:
        await revoke_family(token.family)


async def end_all_sessions(user: User, actor_id: int | None = None) -> None:
    """Revoke every refresh token and invalidate every access token of ``user`` (``actor_id``:
    who did it, when not the user)."""
    async with unit_of_work():
        await RefreshToken.filter(user_id=user.id, revoked_at__isnull=True).update(
            revoked_at=clock.now()
        )
        await User.filter(id=user.id).update(session_version=F("session_version") + 1)
        await user.refresh_from_db(fields=["session_version"])
        # Its access tokens end in every process as this event arrives (cached callers,
        # open websockets), not at their next safety re-check.
        await emit_access_change(
            "user", user, ["session_version"], user.id if actor_id is None else actor_id
        )
