"""Segments: saved contact filters with live counts, evaluated with the reader's permissions."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info
from strawberry.types.unset import UNSET
from strawberry.utils.str_converters import to_camel_case, to_snake_case

from models.errors import BadInput
from models.segment import Segment as SegmentModel
from resolvers import list_specs, lists, records
from resolvers.context import RequestContext
from resolvers.segment_behaviour import behaviour_q
from schema.permission import record_type
from schema.types.connection import Connection
from schema.types.custom_fields import CustomFilter, CustomFilterOp
from schema.types.customers import Contact
from schema.types.filters import ContactFilter
from schema.types.node import Node

Ctx = Info[RequestContext, None]


def filter_to_data(filter: ContactFilter) -> dict[str, Any]:
    """The filter as JSON, the way a client would send it as variables."""
    out: dict[str, Any] = {}
    for f in fields(filter):
        value = getattr(filter, f.name)
        if value is None:
            continue
        if isinstance(value, datetime):
            value = value.isoformat()
        elif f.name == "custom":
            value = [{"key": c.key, "op": c.op.value, "value": c.value} for c in value]
        out[to_camel_case(f.name)] = value
    return out


def filter_from_data(data: dict[str, Any]) -> ContactFilter:
    known = {f.name for f in fields(ContactFilter)}
    kwargs: dict[str, Any] = {}
    for key, value in (data or {}).items():
        name = to_snake_case(key)
        if name not in known:
            raise BadInput(f"Unknown filter '{key}'", field=f"filter.{key}")
        if name == "created_after" and value is not None:
            value = datetime.fromisoformat(value)
        elif name == "custom" and value is not None:
            value = [
                CustomFilter(key=c["key"], op=CustomFilterOp(c["op"]), value=c.get("value"))
                for c in value
            ]
        kwargs[name] = value
    return ContactFilter(**kwargs)


async def matching(
    info: Ctx,
    data: dict[str, Any],
    first: int | None,
    after: str | None,
    behaviour: dict[str, Any] | None = None,
) -> Any:
    contacts = info.context.access(list_specs.CONTACTS.obj)
    return await lists.page(
        list_specs.CONTACTS,
        contacts,
        lists.PageArgs(first, after),
        filter=filter_from_data(data),
        where=behaviour_q(contacts, behaviour),
    )


@strawberry.input(description="Conditions on what contacts did; all given must hold")
class SegmentBehaviour:
    purchases_gte: int | None = strawberry.field(default=None, description="Won deals, at least")
    spent_gte: Decimal | None = strawberry.field(
        default=None, description="Sum of won deals' amounts, at least"
    )
    last_interaction_after: datetime | None = strawberry.field(
        default=None, description="An activity with the contact at or after this time"
    )
    last_interaction_before: datetime | None = strawberry.field(
        default=None, description="No activity with the contact since this time"
    )
    engagement_days: int | None = strawberry.field(
        default=None, description="With engagementActivitiesGte: activities in the last N days"
    )
    engagement_activities_gte: int | None = None


def behaviour_to_data(behaviour: SegmentBehaviour | None) -> dict[str, Any] | None:
    if behaviour is None:
        return None
    out: dict[str, Any] = {}
    for f in fields(behaviour):
        value = getattr(behaviour, f.name)
        if value is None:
            continue
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        out[to_camel_case(f.name)] = value
    return out or None


@record_type("segment", SegmentModel, relations=("count", "contacts"))
class Segment(Node):
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="The saved ContactFilter, as variables")
    def filter(self, root: strawberry.Parent[SegmentModel]) -> JSON | None:
        return root.conditions

    @strawberry.field(description="The saved SegmentBehaviour, as variables")
    def behaviour(self, root: strawberry.Parent[SegmentModel]) -> JSON | None:
        return root.behaviour

    @strawberry.field(description="Contacts matching now that you may see (live)")
    async def count(self, root: strawberry.Parent[SegmentModel], info: Ctx) -> int | None:
        connection = await matching(info, root.conditions, 0, None, root.behaviour)
        return await connection.total_count()

    @strawberry.field(description="The matching contacts you may see")
    async def contacts(
        self,
        root: strawberry.Parent[SegmentModel],
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Contact] | None:
        return await matching(info, root.conditions, first, after, root.behaviour)


@strawberry.input
class SegmentInput:
    name: str
    filter: ContactFilter
    behaviour: SegmentBehaviour | None = None


@strawberry.input
class SegmentUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    name: str | None = None
    filter: ContactFilter | None = None
    behaviour: SegmentBehaviour | None = strawberry.field(
        default=UNSET, description="Replaces the behavioural conditions; null removes them"
    )


@strawberry.enum
class SegmentSortField(Enum):
    NAME = "name"


records.register("Segment", "segment", SegmentModel)
