"""recordsAssign: hand companies, contacts and deals to a new owner, all or none.

Checks, all before anything is written: every id is an owned record type; for each object the
caller's role grants 'assign' and write on owner and department (FORBIDDEN); the new owner is
an active user and the department exists (BAD_USER_INPUT); then, on the locked rows, each
record is in the caller's read scope (else NOT_FOUND) and write scope (else FORBIDDEN).
Without a departmentId the records take the new owner's first department (lowest id), or none
if the owner has none. Like an owner change through dealUpdate with 'assign', the records may
land outside the caller's own scope: handing work over is what assigning is for.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info
from tortoise.models import Model

from models.access.catalogue import CATALOGUE
from models.department import Department as DepartmentModel
from models.errors import BadInput
from models.global_ids import from_global_id, parse_global_id
from models.i18n import msg
from models.record_actions import Target, assign_records
from models.user import User as UserModel
from resolvers import records
from resolvers.api.admin_inputs import RecordsAssignInput
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]
MAX_IDS = 500


def _deal_topics(row: Any) -> list[str]:
    return [f"pipeline:{row.pipeline_id}"]


def _no_topics(row: Any) -> list[str]:
    return []


def _targets(ids: list[strawberry.ID]) -> list[Target]:
    if len(ids) > MAX_IDS:
        raise BadInput(msg("At most {max_ids} records at once", max_ids=MAX_IDS), field="ids")
    targets: dict[tuple[str, int], Target] = {}
    for global_id in ids:
        parsed = parse_global_id(global_id)
        kind = records.kind_of(parsed[0]) if parsed else None
        if parsed is None or kind is None or not CATALOGUE[kind.obj].owned:
            raise BadInput("Only companies, contacts and deals can be assigned", field="ids")
        # The same record twice is assigned once (and audited once).
        topics = _deal_topics if kind.obj == "deal" else _no_topics
        target = Target(kind.obj, kind.model, parsed[1], topics)  # type: ignore[arg-type]
        targets.setdefault(parsed, target)
    return list(targets.values())


async def _department_id(input: RecordsAssignInput, owner: UserModel) -> int | None:
    if input.department_id is None:
        first = await owner.departments.all().order_by("id").first()
        return first.id if first is not None else None
    pk = from_global_id(input.department_id, "Department", field="departmentId")
    if not await DepartmentModel.filter(id=pk).exists():
        raise BadInput("Unknown department", field="departmentId")
    return pk


async def records_assign(info: Ctx, input: RecordsAssignInput) -> list[Model]:
    access = info.context.access
    targets = _targets(input.ids)
    for obj in sorted({t.obj for t in targets}):
        access(obj).require("assign")
        access(obj).check_write(["owner", "department"])
    owner_pk = from_global_id(input.owner_id, "User", field="ownerId")
    owner = await UserModel.get_or_none(id=owner_pk, is_active=True)
    if owner is None:
        raise BadInput("The new owner must be an active user", field="ownerId")
    department_id = await _department_id(input, owner)

    def check(obj: str, row: Any) -> None:
        access(obj).require_writable_record(row, "assign")

    rows = await assign_records(
        targets,
        owner.id,
        department_id,
        actor_id=info.context.require_principal().user_id,
        check=check,
    )
    return rows  # type: ignore[return-value]
