"""Background jobs: the durable truth of every piece of work done outside a request.

A job row says what to do (``kind`` and a JSON ``payload``), where it is (``state``), how often
it was tried and when it may be tried next, how far it got (``progress_done`` of
``progress_total``) and why it failed. Whatever carries the wake-up between processes (jobs/,
a queue library) may lose a message: the row does not, so a restarted worker finds every job
that is due and every job whose worker died (its lease ran out).

``JobItem`` rows make the items of a batch (one message of a campaign, one batch of an
import) happen once: an item's row is written in the same transaction as its effect, so a
worker that dies mid-batch leaves exactly the finished items marked, and the next attempt
skips them (models/job_actions.py ``once``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.user import User

# queued -> running -> succeeded; running -> queued (a retry, at next_attempt_at) or failed
# (attempts used up, or an error not worth retrying); queued or running -> cancelled.
QUEUED = "queued"
RUNNING = "running"
SUCCEEDED = "succeeded"
FAILED = "failed"
CANCELLED = "cancelled"
STATES = (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED)
FINISHED = frozenset({SUCCEEDED, FAILED, CANCELLED})


class Job(Model):
    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=60, db_index=True)
    payload: fields.Field[Any] = fields.JSONField(default=dict)
    state = fields.CharField(max_length=12, default=QUEUED)
    # Who asked for it (null: the server itself, e.g. the scheduler's rounds).
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    # The same key twice is the same job, forever: a second enqueue returns the first.
    idempotency_key = fields.CharField(max_length=200, null=True, unique=True)
    # At most one job with this key waiting or running at a time; released when it finishes
    # (periodic work: the scheduler's rounds from every process make one job, not N).
    exclusive_key = fields.CharField(max_length=200, null=True, unique=True)
    attempts = fields.IntField(default=0)
    max_attempts = fields.IntField(default=5)
    next_attempt_at = fields.DatetimeField()
    # The claim: who runs it (a random token per claim) and until when, unless renewed.
    lease_token = fields.CharField(max_length=40, null=True)
    lease_until = fields.DatetimeField(null=True)
    progress_done = fields.IntField(default=0)
    progress_total = fields.IntField(null=True)
    result: fields.Field[Any] = fields.JSONField(null=True)
    error = fields.TextField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "job"
        app = "tandem"
        indexes = (("state", "next_attempt_at"), ("created_by_id", "id"))

    @property
    def finished(self) -> bool:
        return self.state in FINISHED


class JobItem(Model):
    """One item of a job that is done: written with the item's effect, in its transaction."""

    id = fields.BigIntField(primary_key=True)
    job: fields.ForeignKeyRelation[Job] = fields.ForeignKeyField(
        "tandem.Job", related_name=False, on_delete=fields.CASCADE
    )
    job_id: int
    key = fields.CharField(max_length=200)
    done_at = fields.DatetimeField()

    class Meta:
        table = "job_item"
        app = "tandem"
        unique_together = (("job_id", "key"),)
