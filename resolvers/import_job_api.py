"""importJob(id): a job's progress and errors, for the user who started it."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from models.errors import NotFound
from models.global_ids import from_global_id
from models.import_job import ImportJob as ImportJobModel
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]


async def import_job(info: Ctx, id: strawberry.ID) -> ImportJobModel:
    """Only its creator sees a job (its errors describe the creator's file); anyone else gets
    NOT_FOUND, as for a job that does not exist."""
    pk = from_global_id(id, "ImportJob")
    row = await ImportJobModel.get_or_none(id=pk)
    if row is None or row.created_by_id != info.context.require_principal().user_id:
        raise NotFound("No such import job")
    return row
