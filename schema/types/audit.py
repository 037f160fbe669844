"""The audit trail as the API shows it: entries, and the filter of the auditLog list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from models.access.catalogue import CATALOGUE
from models.access.policy import CUSTOM_PREFIX
from models.audit import AuditEntry as AuditEntryModel
from models.user import User as UserModel
from resolvers import custom_fields, records
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.node import Node, to_global_id

if TYPE_CHECKING:
    from schema.types.accounts import User

UserRef = Annotated["User", strawberry.lazy("schema.types.accounts")]
Ctx = Info[RequestContext, None]

# Keys of stored before/after values that hold database ids, and the type each id is of:
# the log stores plain ids (domain code knows no API ids); clients get ids they can refetch.
ID_KEYS = {
    "owner": "User",
    "department": "Department",
    "role": "Role",
    "departments": "Department",
    "company": "Company",
    "contact": "Contact",
    "pipeline": "Pipeline",
    "stage": "Stage",
}


async def readable(info: Ctx, root: AuditEntryModel, values: Any) -> Any:
    """A record's values as this reader may see them: fields its role may not read on that
    object are left out, so the log never shows what the record itself would hide. Custom
    values (custom.<key>) follow the field's current definition; removed ones never show."""
    spec = CATALOGUE.objects.get(root.object)
    if not isinstance(values, dict) or spec is None or not spec.owned:
        return values
    ctx = info.context
    access = ctx.access(spec.name)
    shown = access.redact(values)
    custom = {k[len(CUSTOM_PREFIX) :]: v for k, v in values.items() if k.startswith(CUSTOM_PREFIX)}
    if custom:
        defs = await custom_fields.definitions(ctx.cache, spec.name)
        visible = custom_fields.readable_values(access, defs, custom)
        shown.update({f"{CUSTOM_PREFIX}{k}": v for k, v in visible.items()})
    return shown


def present(values: Any) -> Any:
    if not isinstance(values, dict):
        return values
    out = {}
    for key, value in values.items():
        type_name = ID_KEYS.get(key)
        if type_name is not None and isinstance(value, int):
            value = to_global_id(type_name, value)
        elif type_name is not None and isinstance(value, list):
            value = [to_global_id(type_name, v) for v in value]
        out[key] = value
    return out


@record_type(
    "auditEntry", AuditEntryModel, description="Who changed what, when: values before and after"
)
class AuditEntry(Node):
    @strawberry.field
    async def actor(self, root: strawberry.Parent[AuditEntryModel], info: Ctx) -> UserRef | None:
        return await records.related(info, "user", UserModel, root.actor_id)

    @strawberry.field(description="The global id of the record changed")
    def record_id(self, root: strawberry.Parent[AuditEntryModel]) -> strawberry.ID | None:
        spec = CATALOGUE.objects.get(root.object)
        if root.record_id is None or spec is None:
            return None
        return to_global_id(spec.type_name, root.record_id)

    @strawberry.field(description="Values before, limited to the fields you may read")
    async def before(self, root: strawberry.Parent[AuditEntryModel], info: Ctx) -> JSON | None:
        return present(await readable(info, root, root.before))

    @strawberry.field(description="Values after, limited to the fields you may read")
    async def after(self, root: strawberry.Parent[AuditEntryModel], info: Ctx) -> JSON | None:
        return present(await readable(info, root, root.after))


records.register("AuditEntry", "auditEntry", AuditEntryModel)
