"""Departments: creating, renaming and deleting them, through the gate on ``department``.

A department in use cannot be deleted: not while it has members (their department scope would
silently shrink), live companies, contacts or deals (they would drop out of every department
scope), or pipelines. That is a CONFLICT: the department's state, not the input, stands in the
way. Every change writes an audit entry in its own transaction.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from models.access.records import RecordAccess
from models.audit import write_audit
from models.company import Company
from models.contact import Contact
from models.deal import Deal
from models.department import Department
from models.errors import BadInput, Conflict, NotFound
from models.i18n import N_, msg
from models.pipeline import Pipeline
from models.unit_of_work import unit_of_work
from models.user import User

MAX_NAME = 100
DUPLICATE = N_("A department with this name already exists")
# Soft-deleted rows do not count: deleting the department clears theirs (ON DELETE SET NULL).
OWNED: dict[str, type[Company | Contact | Deal]] = {
    "companies": Company,
    "contacts": Contact,
    "deals": Deal,
}


def _name(value: str) -> str:
    name = value.strip()
    if not name or len(name) > MAX_NAME:
        raise BadInput(
            msg("A department needs a name of 1 to {max_name} characters", max_name=MAX_NAME),
            field="name",
        )
    return name


async def _require_free_name(name: str, department_id: int | None = None) -> None:
    clash = Department.filter(name__iexact=name)
    if department_id is not None:
        clash = clash.exclude(id=department_id)
    if await clash.exists():
        raise BadInput(DUPLICATE, field="name")


async def create(access: RecordAccess, name: str) -> Department:
    access.require("create")
    access.check_write(["name"])
    name = _name(name)
    await _require_free_name(name)
    try:
        async with unit_of_work():
            department = await Department.create(name=name)
            await write_audit(
                access.principal.user_id,
                "department.create",
                "department",
                department.id,
                None,
                {"name": name},
            )
    except IntegrityError as exc:
        raise BadInput(DUPLICATE, field="name") from exc
    return department


async def update(
    access: RecordAccess, department_id: int, name: str | None, expected_version: int | None
) -> Department:
    access.require("update")
    access.check_write(["name"] if name is not None else [])
    new_name = _name(name) if name is not None else None
    if new_name is not None:
        await _require_free_name(new_name, department_id)
    try:
        async with unit_of_work():
            department = await Department.select_for_update().get_or_none(id=department_id)
            if department is None:
                raise NotFound("No such department")
            if expected_version is not None and department.version != expected_version:
                raise Conflict(
                    "This department was changed by someone else",
                    current_version=department.version,
                )
            before = {"name": department.name}
            if new_name is not None:
                department.name = new_name
            department.version += 1
            await department.save()
            await write_audit(
                access.principal.user_id,
                "department.update",
                "department",
                department.id,
                before,
                {"name": department.name},
            )
    except IntegrityError as exc:
        raise BadInput(DUPLICATE, field="name") from exc
    return department


async def _uses(department_id: int) -> list[str]:
    counts = {"members": await User.filter(departments__id=department_id).count()}
    for what, model in OWNED.items():
        live = model.filter(department_id=department_id, deleted_at__isnull=True)
        counts[what] = await live.count()
    counts["pipelines"] = await Pipeline.filter(department_id=department_id).count()
    return [f"{n} {what}" for what, n in counts.items() if n]


async def delete(access: RecordAccess, department_id: int) -> None:
    access.require("delete")
    async with unit_of_work():
        department = await Department.select_for_update().get_or_none(id=department_id)
        if department is None:
            raise NotFound("No such department")
        uses = await _uses(department.id)
        if uses:
            raise Conflict(
                msg("The department is in use ({uses}); move them first", uses=", ".join(uses))
            )
        before = {"name": department.name}
        await department.delete()
        await write_audit(
            access.principal.user_id,
            "department.delete",
            "department",
            department_id,
            before,
            None,
        )
