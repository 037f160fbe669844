"""The mail log as the API shows it: every message Tandem sent, tokens redacted."""

from __future__ import annotations

from datetime import datetime

import strawberry

from mail.templates import redact
from models.security import MailLog


@strawberry.type(description="A message Tandem sent (or only logged, with no SMTP server)")
class MailLogEntry:
    to: str
    subject: str
    status: str = strawberry.field(description="logged, sent or failed")
    error: str | None
    created_at: datetime

    @strawberry.field(description="The text, with invitation and reset tokens redacted")
    def body(self, root: strawberry.Parent[MailLog]) -> str:
        return redact(root.body)
