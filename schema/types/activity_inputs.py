"""Inputs for activities. Unset attributes are left alone; an explicit null clears a value."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import UNSET


@strawberry.input
class ActivityLogInput:
    kind: str = strawberry.field(description="call, email, meeting, note, sms or chat")
    occurred_at: datetime | None = strawberry.field(default=UNSET, description="Now if omitted")
    direction: str | None = strawberry.field(default=UNSET, description="inbound or outbound")
    duration: int | None = strawberry.field(default=UNSET, description="Seconds")
    subject: str | None = UNSET
    body: str | None = UNSET
    outcome: str | None = UNSET
    contact_id: strawberry.ID | None = UNSET
    company_id: strawberry.ID | None = UNSET
    deal_id: strawberry.ID | None = UNSET
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET


@strawberry.input
class ActivityUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    kind: str | None = UNSET
    occurred_at: datetime | None = UNSET
    direction: str | None = UNSET
    duration: int | None = UNSET
    subject: str | None = UNSET
    body: str | None = UNSET
    outcome: str | None = UNSET
    contact_id: strawberry.ID | None = UNSET
    company_id: strawberry.ID | None = UNSET
    deal_id: strawberry.ID | None = UNSET
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET
