"""Sign-in attempts and IP blocks: the data behind login protection, shared by all processes."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class LoginAttempt(Model):
    id = fields.BigIntField(primary_key=True)
    email_key = fields.CharField(max_length=254)
    ip = fields.CharField(max_length=45, null=True)
    user_agent = fields.CharField(max_length=255, null=True)
    success = fields.BooleanField()
    # "ok", "bad_credentials", "locked", "inactive", "ip_throttled", "ip_blocked"
    reason = fields.CharField(max_length=20)
    user_id = fields.BigIntField(null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "login_attempt"
        app = "tandem"
        indexes = (("email_key", "at"), ("ip", "at"))


class IpBlock(Model):
    id = fields.BigIntField(primary_key=True)
    ip = fields.CharField(max_length=45, unique=True)
    reason = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField()
    created_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "ip_block"
        app = "tandem"


class MailLog(Model):
    # Every outgoing message. With no SMTP server configured this is where mail goes.
    # (A comment, not a docstring: Tortoise turns model docstrings into SQL table comments.)

    id = fields.BigIntField(primary_key=True)
    to = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=255)
    body = fields.TextField()
    status = fields.CharField(max_length=10)  # "logged" | "sent" | "failed"
    error = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "mail_log"
        app = "tandem"


class LoginLock(Model):
    # A lock on an e-mail ("email:<key>") or an IP ("ip:<addr>") until a moment. Keyed by the
    # e-mail as typed, not by user, so unknown addresses lock exactly like real ones and a lock
    # reveals nothing about which accounts exist.

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=300, unique=True)
    until = fields.DatetimeField()

    class Meta:
        table = "login_lock"
        app = "tandem"
