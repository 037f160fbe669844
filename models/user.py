"""People who sign in to Tandem."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from models.base import Record

if TYPE_CHECKING:
    from models.role import Role


class User(Record):
    # Stored as typed for display; ``email_key`` (lower-cased) enforces case-insensitive uniqueness.
    email = fields.CharField(max_length=254)
    email_key = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=255, null=True)
    role: fields.ForeignKeyRelation[Role] = fields.ForeignKeyField(
        "tandem.Role", related_name="users", on_delete=fields.RESTRICT
    )
    departments: fields.ManyToManyRelation = fields.ManyToManyField(
        "tandem.Department", related_name="members", through="user_department"
    )
    manager: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name="reports", null=True, on_delete=fields.SET_NULL
    )
    role_id: int
    manager_id: int | None
    locale = fields.CharField(max_length=20, default="en")
    time_zone = fields.CharField(max_length=64, default="UTC")
    is_active = fields.BooleanField(default=True)
    # Bumped on deactivation, role change or password reset: tokens carrying an older value die.
    session_version = fields.IntField(default=1)
    last_login_at = fields.DatetimeField(null=True)
    # Set when the user proves they read mail at this address (accepting an invitation).
    email_confirmed_at = fields.DatetimeField(null=True)
    # How the user wants task reminders: in the app (a notification), by e-mail, both or
    # neither; each user chooses their own (``myPreferencesUpdate``).
    remind_in_app = fields.BooleanField(default=True)
    remind_by_email = fields.BooleanField(default=False)

    class Meta:
        table = "app_user"
        app = "tandem"

    def __str__(self) -> str:
        return self.email
