"""Import jobs: a large file of contacts imported in the background, with its progress and the
errors of its bad rows (one row each, paginated by row number, never one growing blob)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import Record

if TYPE_CHECKING:
    from models.user import User

# queued -> validating -> writing -> done; or -> rejected (bad rows, nothing written) or failed.
QUEUED = "queued"
VALIDATING = "validating"
WRITING = "writing"
DONE = "done"
REJECTED = "rejected"
FAILED = "failed"
FINISHED = frozenset({DONE, REJECTED, FAILED})


class ImportJob(Record):
    object = fields.CharField(max_length=30, default="contact")
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    file_name = fields.CharField(max_length=255, default="")
    file_format = fields.CharField(max_length=10)
    # File column -> contact field (API names), as checked when the job was created.
    mapping: fields.Field[Any] = fields.JSONField(default=dict)
    dry_run = fields.BooleanField(default=False)
    skip_invalid = fields.BooleanField(default=False)
    state = fields.CharField(max_length=20, default=QUEUED, db_index=True)
    rows_read = fields.IntField(default=0)
    rows_valid = fields.IntField(default=0)
    rows_invalid = fields.IntField(default=0)
    rows_written = fields.IntField(default=0)
    # Why a job failed as a whole (unreadable file); row problems are ImportRowError rows.
    message = fields.TextField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "import_job"
        app = "tandem"


class ImportRowError(Model):
    id = fields.BigIntField(primary_key=True)
    job: fields.ForeignKeyRelation[ImportJob] = fields.ForeignKeyField(
        "tandem.ImportJob", related_name="errors", on_delete=fields.CASCADE
    )
    job_id: int
    row = fields.IntField()
    field = fields.CharField(max_length=100, null=True)
    code = fields.CharField(max_length=30)
    message = fields.TextField()

    class Meta:
        table = "import_row_error"
        app = "tandem"
        indexes = (("job_id", "row"),)


class ImportKey(Model):
    """An e-mail or phone a valid row of an import's file has, while the job checks the file:
    duplicates inside the file are found here, batch by batch, not in a Python set that would
    grow with the file. Removed when the checking pass is over."""

    id = fields.BigIntField(primary_key=True)
    job: fields.ForeignKeyRelation[ImportJob] = fields.ForeignKeyField(
        "tandem.ImportJob", related_name=False, on_delete=fields.CASCADE
    )
    job_id: int
    kind = fields.CharField(max_length=5)  # "email" (lower-case) or "phone" (E.164)
    key = fields.CharField(max_length=254)
    row = fields.IntField()

    class Meta:
        table = "import_key"
        app = "tandem"
        unique_together = (("job_id", "kind", "key"),)
