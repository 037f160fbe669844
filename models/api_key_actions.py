"""Issuing and revoking API keys, each with its audit entry in one unit of work.

The secret is made and hashed by the caller (auth/tokens.py); the domain keeps only its hash
and a short prefix, and neither the secret nor the hash ever reaches the audit trail.
"""

from __future__ import annotations

from models import clock
from models.audit import write_audit
from models.credentials import ApiKey
from models.role import Role
from models.unit_of_work import unit_of_work


async def create_api_key(
    name: str, prefix: str, key_hash: str, role: Role, actor_id: int, *, form_only: bool
) -> ApiKey:
    async with unit_of_work():
        key = await ApiKey.create(
            name=name,
            prefix=prefix,
            key_hash=key_hash,
            role=role,
            created_by_id=actor_id,
            created_at=clock.now(),
            kind="form" if form_only else "api",
        )
        # The prefix identifies the key in the log; the secret and its hash never appear.
        after = {"name": key.name, "prefix": key.prefix, "role": role.pk, "kind": key.kind}
        await write_audit(actor_id, "apiKey.create", "access", key.pk, None, after)
    return key


async def revoke_api_key(key: ApiKey, actor_id: int) -> None:
    """Revoke ``key`` (unless it is already revoked: its first revocation stands)."""
    if key.revoked_at is not None:
        return
    async with unit_of_work():
        key.revoked_at = clock.now()
        await key.save(update_fields=["revoked_at"])
        await write_audit(
            actor_id,
            "apiKey.revoke",
            "access",
            key.pk,
            {"name": key.name, "prefix": key.prefix},
            {"revokedAt": key.revoked_at.isoformat()},
        )
