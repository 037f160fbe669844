"""The arguments of ``jobs`` and ``jobUpdated``: a job's state and the list's filter."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Where a background job is")
class JobState(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


@strawberry.input(description="Which jobs to list; all given conditions apply")
class JobFilter:
    kind: str | None = strawberry.field(
        default=None, description="contact.import, task.notices, ..."
    )
    state: JobState | None = None
    mine: bool = strawberry.field(
        default=False,
        description="Only the jobs you started (with access administration you see everyone's)",
    )
