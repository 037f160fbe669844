"""Login protection: failed attempts per e-mail and per IP, locks, admin IP blocks.

Everything lives in the database, so the limits hold across several server processes.
"""

from __future__ import annotations

import math
from datetime import timedelta

from tortoise.exceptions import IntegrityError

from models import clock
from models.audit import write_audit
from models.errors import Forbidden, LockedOut, RateLimited
from models.security import IpBlock, LoginAttempt, LoginLock
from models.unit_of_work import unit_of_work

ACCOUNT_MAX_FAILURES = 5
ACCOUNT_WINDOW = timedelta(minutes=15)
ACCOUNT_LOCK = timedelta(minutes=30)
IP_MAX_FAILURES = 20
IP_WINDOW = timedelta(minutes=15)
IP_LOCK = timedelta(minutes=15)


def _retry_after(until_seconds: float) -> int:
    return max(1, math.ceil(until_seconds))


async def _active_lock(key: str) -> int | None:
    lock = await LoginLock.get_or_none(key=key)
    if lock is None:
        return None
    remaining = (lock.until - clock.now()).total_seconds()
    return _retry_after(remaining) if remaining > 0 else None


async def _lock(key: str, duration: timedelta) -> None:
    until = clock.now() + duration
    updated = await LoginLock.filter(key=key).update(until=until)
    if not updated:
        try:
            await LoginLock.create(key=key, until=until)
        except IntegrityError:  # another process created it first; extend theirs
            await LoginLock.filter(key=key).update(until=until)


async def check_allowed(email_key: str, ip: str | None) -> None:
    """Raise if this attempt may not even be tried. Called before the password is checked."""
    if ip is not None:
        if await IpBlock.filter(ip=ip).exists():
            raise Forbidden("Sign-in from this network address is blocked")
        retry = await _active_lock(f"ip:{ip}")
        if retry is not None:
            raise RateLimited("Too many failed sign-ins from this address", retry_after=retry)
    retry = await _active_lock(f"email:{email_key}")
    if retry is not None:
        raise LockedOut("Too many failed sign-ins; the account is locked", retry_after=retry)


async def record(
    email_key: str,
    *,
    ip: str | None,
    user_agent: str | None,
    success: bool,
    reason: str,
    user_id: int | None = None,
) -> None:
    await LoginAttempt.create(
        email_key=email_key,
        ip=ip,
        user_agent=(user_agent or "")[:255] or None,
        success=success,
        reason=reason,
        user_id=user_id,
        at=clock.now(),
    )


async def after_failure(email_key: str, ip: str | None) -> None:
    """Count recent failures (the one just recorded included) and lock when a limit is hit."""
    now = clock.now()
    last_success = (
        await LoginAttempt.filter(email_key=email_key, success=True).order_by("-at").first()
    )
    since = now - ACCOUNT_WINDOW
    if last_success is not None and last_success.at > since:
        since = last_success.at
    failures = await LoginAttempt.filter(
        email_key=email_key, success=False, reason="bad_credentials", at__gt=since
    ).count()
    if failures >= ACCOUNT_MAX_FAILURES:
        await _lock(f"email:{email_key}", ACCOUNT_LOCK)
        raise LockedOut(
            "Too many failed sign-ins; the account is locked",
            retry_after=_retry_after(ACCOUNT_LOCK.total_seconds()),
        )
    if ip is not None:
        ip_failures = await LoginAttempt.filter(
            ip=ip, success=False, reason="bad_credentials", at__gt=now - IP_WINDOW
        ).count()
        if ip_failures >= IP_MAX_FAILURES:
            await _lock(f"ip:{ip}", IP_LOCK)
            raise RateLimited(
                "Too many failed sign-ins from this address",
                retry_after=_retry_after(IP_LOCK.total_seconds()),
            )


async def block_ip(ip: str, *, reason: str, by_user_id: int) -> IpBlock:
    """Block an address (once); the block and its audit entry land together."""
    async with unit_of_work():
        block, created = await IpBlock.get_or_create(
            ip=ip,
            defaults={"reason": reason, "created_at": clock.now(), "created_by_id": by_user_id},
        )
        if created:
            after = {"ip": ip, "reason": reason}
            await write_audit(by_user_id, "ipBlock.create", "access", block.pk, None, after)
    return block


async def unblock_ip(ip: str, *, by_user_id: int) -> bool:
    async with unit_of_work():
        await LoginLock.filter(key=f"ip:{ip}").delete()
        block = await IpBlock.get_or_none(ip=ip)
        if block is None:
            return False
        await block.delete()
        before = {"ip": ip, "reason": block.reason}
        await write_audit(by_user_id, "ipBlock.delete", "access", block.pk, before, None)
    return True
