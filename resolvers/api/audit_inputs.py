"""The filter of the audit log."""

from __future__ import annotations

from datetime import datetime

import strawberry


@strawberry.input
class AuditFilter:
    actor_id: strawberry.ID | None = None
    action: str | None = None
    object: str | None = None
    record_id: strawberry.ID | None = strawberry.field(
        default=None, description="The global id of a record: its entries only"
    )
    since: datetime | None = strawberry.field(default=None, description="At or after")
    until: datetime | None = strawberry.field(default=None, description="Before")
