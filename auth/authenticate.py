"""Turning an ``Authorization`` header into a Principal: a JWT access token or an API key."""

from __future__ import annotations

from datetime import timedelta

from auth.tokens import API_KEY_PREFIX, TokenCodec, digest
from models import clock
from models.access import policy
from models.access.intersection import intersect
from models.access.principal import Principal

# Building a principal from a user row is domain (models/access/principals.py); auth/ keeps the
# token side. auth/principal_cache.py still imports the name from here.
from models.access.principals import principal_for_user
from models.credentials import ApiKey
from models.errors import Unauthenticated
from models.role import Role

# Writing last_used_at on every call would turn every read into a write; once a minute is plenty.
API_KEY_TOUCH_INTERVAL = timedelta(minutes=1)


def bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthenticated("Authorization must be 'Bearer <token>'")
    return value.strip()


async def authenticate(codec: TokenCodec, token: str) -> Principal:
    if token.startswith(API_KEY_PREFIX):
        return await _api_key_principal(token)
    claims = codec.verify(token)
    return await principal_for_user(claims.user_id, claims.session_version)


async def form_key_principal(token: str) -> Principal:
    """A form key's principal, for the public lead form only."""
    return await _api_key_principal(token, kind="form")


async def _api_key_principal(token: str, kind: str = "api") -> Principal:
    key = await ApiKey.get_or_none(key_hash=digest(token), revoked_at__isnull=True, kind=kind)
    if key is None:
        raise Unauthenticated("Invalid API key")
    now = clock.now()
    if key.last_used_at is None or now - key.last_used_at > API_KEY_TOUCH_INTERVAL:
        await ApiKey.filter(id=key.id).update(last_used_at=now)
    role = await Role.get(id=key.role_id)
    if key.created_by_id is None:
        raise Unauthenticated("This API key's creator no longer exists")
    creator = await principal_for_user(key.created_by_id, None)
    # The key acts with its own role, on the creator's behalf for ownership and department
    # scope, and never beyond what the creator's role grants now: checking the role when the
    # key was made is not enough, as the creator may since have been demoted.
    return Principal(
        user_id=creator.user_id,
        email=creator.email,
        role_id=role.id,
        role_level=min(role.level, creator.role_level),
        department_ids=creator.department_ids,
        session_version=creator.session_version,
        api_key_id=key.id,
        policy=intersect(policy.load(role.permissions), creator.policy),
        locale=creator.locale,
    )
