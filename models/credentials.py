"""Stored credentials: refresh tokens, one-time tokens (invitations, resets) and API keys.

Only SHA-256 digests of secrets are stored: a leaked table grants nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.role import Role
    from models.user import User


class RefreshToken(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, on_delete=fields.CASCADE
    )
    user_id: int
    # All tokens descended from one login share a family; reuse of a spent one kills the family.
    family = fields.CharField(max_length=32, db_index=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    ip = fields.CharField(max_length=45, null=True)
    user_agent = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "refresh_token"
        app = "tandem"


class OneTimeToken(Model):
    id = fields.BigIntField(primary_key=True)
    purpose = fields.CharField(max_length=20)  # "invite" | "password_reset"
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, on_delete=fields.CASCADE
    )
    user_id: int
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "one_time_token"
        app = "tandem"


class ApiKey(Model):
    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=100)
    # The first characters after "tdk_", shown in lists so people can tell keys apart.
    prefix = fields.CharField(max_length=12)
    key_hash = fields.CharField(max_length=64, unique=True)
    role: fields.ForeignKeyRelation[Role] = fields.ForeignKeyField(
        "tandem.Role", related_name=False, on_delete=fields.RESTRICT
    )
    role_id: int
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    # "api": a bearer credential for the whole API. "form": only for POST /forms/leads (a key
    # that sits in a public web page must not open the API, whatever its role grants).
    kind = fields.CharField(max_length=10, default="api", db_default="api")

    class Meta:
        table = "api_key"
        app = "tandem"
