"""What each object's list may be filtered, sorted and searched by, in catalogue terms."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import orjson
from tortoise.expressions import Q

from models import values as contact_values
from models.audit import AuditEntry
from models.errors import BadInput
from models.global_ids import from_global_id
from models.records import DECLARED
from models.records.declaration import Field, RecordType, snake
from models.security import MailLog
from models.user import User
from resolvers.api.sorting import SortDirection
from resolvers.lists import FilterKey, ListSpec, SortKey


def _id(type_name: str, field: str) -> Callable[[str], int]:
    return partial(from_global_id, expected=type_name, field=f"filter.{field}")


def _any_tag(tags: list[str]) -> Q:
    """Rows carrying any of the tags. Tags are stored as JSON text, so the quoted tag is a
    substring of the column exactly when the list holds it (LIKE works on both backends)."""
    if not tags:
        raise BadInput("Give at least one tag", field="filter.tags")
    q = Q(pk__in=[])
    for i, raw in enumerate(tags):
        quoted = orjson.dumps(contact_values.tag(raw, f"filter.tags.{i}")).decode()
        q |= Q(tags__contains=quoted)
    return q


TIMESTAMP_SORTS = {
    "createdAt": SortKey(None, "created_at"),
    "updatedAt": SortKey(None, "updated_at"),
}


def _record_pk(global_id: str) -> int:
    # Any record type: the resolver pairs the id with its object (ids repeat across tables).
    return from_global_id(global_id, field="filter.recordId")


AUDIT = ListSpec(
    obj="auditEntry",
    model=AuditEntry,
    filters={
        "actor_id": FilterKey("actor", "actor_id", _id("User", "actorId")),
        "action": FilterKey("action", "action"),
        "object": FilterKey("object", "object"),
        "record_id": FilterKey("recordId", "record_id", _record_pk),
        "since": FilterKey("at", "at__gte"),
        "until": FilterKey("at", "at__lt"),
    },
    sorts={"at": SortKey("at", "at")},
    # Newest first; entries written in one transaction share a time, the id then orders them.
    default_sort=(("at", SortDirection.DESC),),
)


USERS = ListSpec(
    obj="user",
    model=User,
    filters={
        "active": FilterKey("isActive", "is_active"),
        "role_id": FilterKey("role", "role_id", _id("Role", "roleId")),
        "department_id": FilterKey(
            "departments", "departments__id", _id("Department", "departmentId")
        ),
    },
    sorts={
        "name": SortKey("name", "name"),
        "email": SortKey("email", "email"),
        "createdAt": SortKey(None, "created_at"),
    },
    search=(("name", "name"), ("email", "email")),
    default_sort=(("name", SortDirection.ASC),),
)


# The mail log is access administration (the "access" object: API keys, sign-in attempts), not a
# record: it has no fields of its own to grant, so its filters and sort are system ones.
MAIL_LOG = ListSpec(
    obj="access",
    model=MailLog,
    filters={
        "to": FilterKey(None, "to__iexact"),
        "status": FilterKey(None, "status"),
        "since": FilterKey(None, "created_at__gte"),
        "until": FilterKey(None, "created_at__lt"),
    },
    sorts={"createdAt": SortKey(None, "created_at")},
    default_sort=(("createdAt", SortDirection.DESC),),
)


def declared_list(record: RecordType) -> ListSpec:
    """A declared record type's list: its filters, sorts and search (models/records/)."""
    filters: dict[str, FilterKey] = {}
    if record.filterable:
        for declared in record:
            filters.update(_filter_keys(declared))
        if record.owned:
            filters["created_after"] = FilterKey(None, "created_at__gte")
        for extra in record.extra_filters:
            filters[extra.name] = FilterKey(extra.field, extra.lookup, build=extra.build)
    sorts = {f.name: SortKey(f.name, f.column) for f in record if f.sort and f.column}
    return ListSpec(
        obj=record.obj,
        model=record.model,
        filters=filters,
        sorts={**sorts, **TIMESTAMP_SORTS},
        search=tuple((f.name, f.column) for f in record if f.search and f.column),
        default_sort=tuple((name, SortDirection[way]) for name, way in record.default_sort),
    )


def _filter_keys(declared: Field) -> dict[str, FilterKey]:
    name, column, key = declared.name, declared.column, snake(declared.name)
    if declared.filter is None or column is None:
        return {}
    if declared.filter == "eq":
        return {key: FilterKey(name, column)}
    if declared.filter == "iexact":
        return {key: FilterKey(name, f"{column}__iexact")}
    if declared.filter == "range":
        return {
            f"{key}_gte": FilterKey(name, f"{column}__gte"),
            f"{key}_lte": FilterKey(name, f"{column}__lte"),
        }
    if declared.filter == "tags":
        return {key: FilterKey(name, column, build=_any_tag)}
    ref = declared.ref
    assert ref is not None, f"{name}: a ref filter needs its Ref"
    return {
        f"{key}_id": FilterKey(
            name,
            column,
            _id(ref.type_name, f"{declared.name}Id"),
            related=(ref.obj, ref.model) if ref.scoped else None,
        )
    }


COMPANIES = declared_list(DECLARED["company"])
CONTACTS = declared_list(DECLARED["contact"])
DEALS = declared_list(DECLARED["deal"])
LEADS = declared_list(DECLARED["lead"])
PRODUCTS = declared_list(DECLARED["product"])
ACTIVITIES = declared_list(DECLARED["activity"])
TASKS = declared_list(DECLARED["task"])
COMMENTS = declared_list(DECLARED["comment"])
SEGMENTS = declared_list(DECLARED["segment"])
MESSAGE_TEMPLATES = declared_list(DECLARED["messageTemplate"])
CAMPAIGNS = declared_list(DECLARED["campaign"])
