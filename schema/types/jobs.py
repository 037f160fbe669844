"""A background job as the API shows it: what it is, where it stands, how far it got."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from models.global_ids import global_id
from models.job import Job as JobModel
from resolvers.api.job_inputs import JobState


@strawberry.type(description="Work the server does in the background (imports, reminders, ...)")
class Job:
    @strawberry.field
    def id(self, root: strawberry.Parent[JobModel]) -> strawberry.ID:
        return strawberry.ID(global_id("Job", root.pk))

    @strawberry.field(description="What it does: contact.import, task.notices, ...")
    def kind(self, root: strawberry.Parent[JobModel]) -> str:
        return root.kind

    @strawberry.field
    def state(self, root: strawberry.Parent[JobModel]) -> JobState:
        return JobState(root.state)

    @strawberry.field(description="Attempts begun so far, this one included")
    def attempts(self, root: strawberry.Parent[JobModel]) -> int:
        return root.attempts

    @strawberry.field
    def max_attempts(self, root: strawberry.Parent[JobModel]) -> int:
        return root.max_attempts

    @strawberry.field(
        description="When a queued job may run next (after a failed attempt: the backoff)"
    )
    def next_attempt_at(self, root: strawberry.Parent[JobModel]) -> datetime:
        return root.next_attempt_at

    @strawberry.field(description="Items done so far")
    def progress_done(self, root: strawberry.Parent[JobModel]) -> int:
        return root.progress_done

    @strawberry.field(description="Items in all, once known")
    def progress_total(self, root: strawberry.Parent[JobModel]) -> int | None:
        return root.progress_total

    @strawberry.field(description="Why the last attempt failed")
    def error(self, root: strawberry.Parent[JobModel]) -> str | None:
        return root.error

    @strawberry.field(description="On a jobUpdated delivery: pass back as `after`; null elsewhere")
    def cursor(self, root: strawberry.Parent[JobModel]) -> str | None:
        found: Any = getattr(root, "cursor", None)
        return found if isinstance(found, str) else None

    @strawberry.field
    def created_at(self, root: strawberry.Parent[JobModel]) -> datetime:
        return root.created_at

    @strawberry.field
    def updated_at(self, root: strawberry.Parent[JobModel]) -> datetime:
        return root.updated_at

    @strawberry.field
    def started_at(self, root: strawberry.Parent[JobModel]) -> datetime | None:
        return root.started_at

    @strawberry.field
    def finished_at(self, root: strawberry.Parent[JobModel]) -> datetime | None:
        return root.finished_at
