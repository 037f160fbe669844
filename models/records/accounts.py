"""Users, roles and departments: who works in Tandem and what they may do. Their writes are
administration flows of their own (models/access/, auth/); the declarations give their
catalogue entries and the plain fields of their types."""

from __future__ import annotations

from models.department import Department
from models.records.declaration import USER, Field, RecordType, Ref
from models.role import Role
from models.user import User

ADMIN_OPERATIONS = ("create", "read", "update", "delete")
ROLE_REF = Ref("Role", "role", Role)
# Roles and departments name no columns: their catalogue entries never did (nothing filters,
# sorts or exports them through the list builder), and their plain fields read the attribute
# of the field's name.

USER_RECORD = RecordType(
    "user",
    "User",
    User,
    (
        Field("email", "email"),
        Field("name", "name"),
        Field("locale", "locale"),
        Field("timeZone", "time_zone"),
        Field("isActive", "is_active", "bool", writable=False),
        Field("lastLoginAt", "last_login_at", "datetime", sensitive=True, writable=False),
        Field("emailConfirmed", None, "computed", writable=False, plain=False),
        Field("role", "role_id", "ref", ref=ROLE_REF, plain=False),
        Field("departments", None, "computed", plain=False),
        Field("manager", "manager_id", "ref", ref=USER, plain=False),
    ),
    operations=ADMIN_OPERATIONS,
    owned=False,
)

ROLE = RecordType(
    "role",
    "Role",
    Role,
    (
        # Written by hand (schema/types/accounts.py): a template role's name is translated.
        Field("name", plain=False),
        Field(
            "level",
            None,
            "int",
            description="Rank: one may assign only roles ranked below one's own",
        ),
        Field(
            "template",
            None,
            description="The shipped template this role is (template roles are read-only)",
        ),
        Field("permissions", None, "computed", plain=False),
    ),
    operations=ADMIN_OPERATIONS,
    owned=False,
)

DEPARTMENT = RecordType(
    "department",
    "Department",
    Department,
    (Field("name"),),
    operations=ADMIN_OPERATIONS,
    owned=False,
)
