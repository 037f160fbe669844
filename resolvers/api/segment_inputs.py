"""Inputs of segments: a saved contact filter and behavioural conditions, and their JSON form."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types.unset import UNSET

from models.errors import BadInput
from models.i18n import msg
from models.records.declaration import camel, snake
from resolvers.api.custom_fields import CustomFilter, CustomFilterOp
from resolvers.api.filters import ContactFilter


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
        out[camel(f.name)] = value
    return out


def filter_from_data(data: dict[str, Any]) -> ContactFilter:
    known = {f.name for f in fields(ContactFilter)}
    kwargs: dict[str, Any] = {}
    for key, value in (data or {}).items():
        name = snake(key)
        if name not in known:
            raise BadInput(msg("Unknown filter '{key}'", key=key), field=f"filter.{key}")
        if name == "created_after" and value is not None:
            value = datetime.fromisoformat(value)
        elif name == "custom" and value is not None:
            value = [
                CustomFilter(key=c["key"], op=CustomFilterOp(c["op"]), value=c.get("value"))
                for c in value
            ]
        kwargs[name] = value
    return ContactFilter(**kwargs)


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
        out[camel(f.name)] = value
    return out or None


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
