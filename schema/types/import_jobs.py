"""Import jobs as the API shows them: state, counters, and the bad rows page by page."""

from __future__ import annotations

import base64
from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from models.errors import BadInput
from models.i18n import msg
from models.import_job import ImportJob as ImportJobModel
from models.import_job import ImportRowError as ImportRowErrorModel
from resolvers.api.import_rows import ImportRowError
from schema.types.connection import Connection, Edge, PageInfo
from schema.types.node import to_global_id

MAX_PAGE = 500


@strawberry.enum
class ImportJobState(Enum):
    QUEUED = "queued"
    VALIDATING = "validating"
    WRITING = "writing"
    DONE = "done"
    REJECTED = "rejected"
    FAILED = "failed"


def _cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"importerror:{pk}".encode()).decode()


def _after(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        kind, _, pk = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "importerror":
            return int(pk)
    except ValueError:
        pass
    raise BadInput("Not a cursor of this list", field="after")


@strawberry.type
class ImportJob:
    @strawberry.field
    def id(self, root: strawberry.Parent[ImportJobModel]) -> strawberry.ID:
        return to_global_id("ImportJob", root.pk)

    @strawberry.field
    def state(self, root: strawberry.Parent[ImportJobModel]) -> ImportJobState:
        return ImportJobState(root.state)

    @strawberry.field
    def file_name(self, root: strawberry.Parent[ImportJobModel]) -> str:
        return root.file_name

    @strawberry.field
    def format(self, root: strawberry.Parent[ImportJobModel]) -> str:
        return root.file_format

    @strawberry.field(description="File column -> contact field")
    def mapping(self, root: strawberry.Parent[ImportJobModel]) -> JSON:
        return root.mapping

    @strawberry.field
    def dry_run(self, root: strawberry.Parent[ImportJobModel]) -> bool:
        return root.dry_run

    @strawberry.field
    def skip_invalid(self, root: strawberry.Parent[ImportJobModel]) -> bool:
        return root.skip_invalid

    @strawberry.field(description="Data rows read so far (of the validating pass)")
    def rows_read(self, root: strawberry.Parent[ImportJobModel]) -> int:
        return root.rows_read

    @strawberry.field
    def rows_valid(self, root: strawberry.Parent[ImportJobModel]) -> int:
        return root.rows_valid

    @strawberry.field
    def rows_invalid(self, root: strawberry.Parent[ImportJobModel]) -> int:
        return root.rows_invalid

    @strawberry.field
    def rows_written(self, root: strawberry.Parent[ImportJobModel]) -> int:
        return root.rows_written

    @strawberry.field(description="Why the job failed as a whole (rows have their own errors)")
    def message(self, root: strawberry.Parent[ImportJobModel]) -> str | None:
        return root.message

    @strawberry.field
    def created_at(self, root: strawberry.Parent[ImportJobModel]) -> datetime:
        return root.created_at

    @strawberry.field
    def finished_at(self, root: strawberry.Parent[ImportJobModel]) -> datetime | None:
        return root.finished_at

    @strawberry.field(description="Bad rows in file order")
    async def errors(
        self,
        root: strawberry.Parent[ImportJobModel],
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ImportRowError]:
        size = 50 if first is None else first
        if not 0 <= size <= MAX_PAGE:
            raise BadInput(msg("first is 0-{max_page}", max_page=MAX_PAGE), field="first")
        query = ImportRowErrorModel.filter(job_id=root.pk)
        rows = await query.filter(id__gt=_after(after)).order_by("id").limit(size + 1)
        more, rows = len(rows) > size, rows[:size]
        edges = [
            Edge(
                cursor=_cursor(r.pk),
                node=ImportRowError(row=r.row, field=r.field, code=r.code, message=r.message),
            )
            for r in rows
        ]

        async def count() -> int:
            return await query.count()

        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=more,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            count=count,
        )
