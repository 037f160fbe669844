"""One envelope as the record event a subscriber's selection is executed on.

Plain data: schema/types/events.py declares the GraphQL ``RecordEvent`` that reads it, and
schema/shared_execution.py finds ``shared`` on it to execute a selection once per role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.access.catalogue import CATALOGUE
from models.events import Envelope
from models.global_ids import global_id
from realtime.fanout import LEFT_VIEW, View
from resolvers.api.kinds import EventKind, ObjectKind
from resolvers.context import RequestContext

# Events about users and roles reach every record subscription: one may concern the subscriber.
ACCESS_OBJECTS = frozenset({"user", "role"})


def concerns(ctx: RequestContext, envelope: Envelope) -> bool:
    """Whether an access event is about the subscriber's own user or role."""
    principal = ctx.require_principal()
    return (envelope.object == "user" and envelope.record_id == principal.user_id) or (
        envelope.object == "role" and envelope.record_id == principal.role_id
    )


class Shared:
    """What a record event carries for sharing: its per-event cache and the role's key."""

    __slots__ = ("cache", "role_key")

    def __init__(self, cache: dict[Any, Any], role_key: int) -> None:
        self.cache = cache
        self.role_key = role_key


@dataclass(slots=True)
class LiveEvent:
    cursor: str
    kind: EventKind
    # None only on CAUGHT_UP, which is about no record.
    object: ObjectKind | None
    record_id: str | None
    changed_fields: list[str]
    occurred_at: datetime
    actor_id: int | None
    # The record as the subscriber may see it (redacted per role); None when deleted or left.
    record: Any
    # Where executions of this event for the subscriber's role are shared.
    shared: Shared


def record_event(envelope: Envelope, view: View) -> LiveEvent:
    spec_type = CATALOGUE[envelope.object].type_name
    return LiveEvent(
        cursor=str(envelope.seq),
        kind=EventKind.LEFT_VIEW if view is LEFT_VIEW else EventKind(envelope.kind),
        object=ObjectKind(envelope.object),
        record_id=global_id(spec_type, envelope.record_id),
        changed_fields=view.changed,
        occurred_at=envelope.at,
        actor_id=envelope.actor_id,
        record=view.record,
        # Per view, not only per role: a role's subscribers may see one event differently
        # (some told the record left their view), and views are made per role.
        shared=Shared(envelope.results, id(view)),
    )


def caught_up_event(cursor: int, at: datetime) -> LiveEvent:
    """The marker that ends a replay (``markCaughtUp``): about no record, its cursor the
    position the replay reached, so resuming from it skips nothing and repeats nothing."""
    return LiveEvent(
        cursor=str(cursor),
        kind=EventKind.CAUGHT_UP,
        object=None,
        record_id=None,
        changed_fields=[],
        occurred_at=at,
        actor_id=None,
        record=None,
        # Its own cache: a marker's result is shared with nobody.
        shared=Shared({}, 0),
    )
