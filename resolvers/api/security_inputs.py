"""Inputs for API keys and the mail log's filter."""

from __future__ import annotations

from datetime import datetime

import strawberry


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
