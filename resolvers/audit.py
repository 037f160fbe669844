"""The audit log: newest first, through the shared list builder (auditEntry read)."""

from __future__ import annotations

from strawberry.types import Info
from tortoise.expressions import Q

from models.access.catalogue import CATALOGUE
from models.audit import AuditEntry as AuditEntryModel
from models.errors import BadInput
from models.global_ids import parse_global_id
from resolvers import list_specs, lists
from resolvers.api.audit_inputs import AuditFilter
from resolvers.context import RequestContext
from resolvers.pages import Page

Ctx = Info[RequestContext, None]


def _record_object(filter: AuditFilter | None) -> Q | None:
    """A record id names a row of one object's table: match the object as well as the id."""
    if filter is None or filter.record_id is None:
        return None
    parsed = parse_global_id(filter.record_id)
    spec = CATALOGUE.by_type.get(parsed[0]) if parsed else None
    if spec is None:
        raise BadInput("Not the id of a record", field="filter.recordId")
    return Q(object=spec.name)


async def audit_log(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: AuditFilter | None = None,
) -> Page[AuditEntryModel]:
    return await lists.page(
        list_specs.AUDIT,
        info.context.access(list_specs.AUDIT.obj),
        lists.PageArgs(first, after, last, before),
        filter=filter,
        where=_record_object(filter),
    )
