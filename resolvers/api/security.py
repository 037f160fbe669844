"""Inputs for API keys and the mail log's filter, and the sign-in attempts and IP blocks the
security resolvers return (plain values: nothing in them calls a resolver)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from models.security import IpBlock as IpBlockModel
from models.security import LoginAttempt as LoginAttemptModel


@strawberry.input
class ApiKeyCreateInput:
    name: str
    role_id: strawberry.ID
    form_only: bool = strawberry.field(
        default=False, description="Only for the public lead form (POST /forms/leads)"
    )


@strawberry.input
class MailLogFilter:
    to: str | None = strawberry.field(default=None, description="Sent to this address")
    status: str | None = None
    since: datetime | None = strawberry.field(default=None, description="At or after")
    until: datetime | None = strawberry.field(default=None, description="Before")


@strawberry.type
class LoginAttempt:
    email: str
    ip: str | None
    user_agent: str | None
    success: bool
    reason: str
    at: datetime

    @classmethod
    def from_model(cls, m: LoginAttemptModel) -> LoginAttempt:
        return cls(
            email=m.email_key,
            ip=m.ip,
            user_agent=m.user_agent,
            success=m.success,
            reason=m.reason,
            at=m.at,
        )


@strawberry.type
class IpBlock:
    ip: str
    reason: str
    created_at: datetime

    @classmethod
    def from_model(cls, m: IpBlockModel) -> IpBlock:
        return cls(ip=m.ip, reason=m.reason, created_at=m.created_at)
