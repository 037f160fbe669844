"""Import jobs as the API shows them: state, counters, and the bad rows page by page."""

from __future__ import annotations

import base64
from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from models.errors import BadInput
from models.import_job import ImportJob as ImportJobModel
from models.import_job import ImportRowError as ImportRowErrorModel
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


@strawberry.type
class ImportRowError:
    row: int = strawberry.field(description="1-based data row (the header is row 0)")
    field: str | None
    code: str
    message: str


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
    _row: strawberry.Private[ImportJobModel]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("ImportJob", self._row.pk)

    @strawberry.field
    def state(self) -> ImportJobState:
        return ImportJobState(self._row.state)

    @strawberry.field
    def file_name(self) -> str:
        return self._row.file_name

    @strawberry.field
    def format(self) -> str:
        return self._row.file_format

    @strawberry.field(description="File column -> contact field")
    def mapping(self) -> JSON:
        return self._row.mapping

    @strawberry.field
    def dry_run(self) -> bool:
        return self._row.dry_run

    @strawberry.field
    def skip_invalid(self) -> bool:
        return self._row.skip_invalid

    @strawberry.field(description="Data rows read so far (of the validating pass)")
    def rows_read(self) -> int:
        return self._row.rows_read

    @strawberry.field
    def rows_valid(self) -> int:
        return self._row.rows_valid

    @strawberry.field
    def rows_invalid(self) -> int:
        return self._row.rows_invalid

    @strawberry.field
    def rows_written(self) -> int:
        return self._row.rows_written

    @strawberry.field(description="Why the job failed as a whole (rows have their own errors)")
    def message(self) -> str | None:
        return self._row.message

    @strawberry.field
    def created_at(self) -> datetime:
        return self._row.created_at

    @strawberry.field
    def finished_at(self) -> datetime | None:
        return self._row.finished_at

    @strawberry.field(description="Bad rows in file order")
    async def errors(
        self, first: int | None = None, after: str | None = None
    ) -> Connection[ImportRowError]:
        size = 50 if first is None else first
        if not 0 <= size <= MAX_PAGE:
            raise BadInput(f"first is 0-{MAX_PAGE}", field="first")
        query = ImportRowErrorModel.filter(job_id=self._row.pk)
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
            _count=count,
        )
