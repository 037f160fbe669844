"""One envelope as the RecordEvent a subscriber's selection is executed on."""

from __future__ import annotations

from models.access.catalogue import CATALOGUE
from models.events import Envelope
from realtime.fanout import LEFT_VIEW, View
from resolvers.context import RequestContext
from schema.shared_execution import Shared
from schema.types.events import EventKind, ObjectKind, RecordEvent
from schema.types.node import to_global_id

# Events about users and roles reach every record subscription: one may concern the subscriber.
ACCESS_OBJECTS = frozenset({"user", "role"})


def concerns(ctx: RequestContext, envelope: Envelope) -> bool:
    """Whether an access event is about the subscriber's own user or role."""
    principal = ctx.require_principal()
    return (envelope.object == "user" and envelope.record_id == principal.user_id) or (
        envelope.object == "role" and envelope.record_id == principal.role_id
    )


def record_event(envelope: Envelope, view: View) -> RecordEvent:
    spec_type = CATALOGUE[envelope.object].type_name
    return RecordEvent(
        cursor=str(envelope.seq),
        kind=EventKind.LEFT_VIEW if view is LEFT_VIEW else EventKind(envelope.kind),
        object=ObjectKind(envelope.object),
        record_id=to_global_id(spec_type, envelope.record_id),
        changed_fields=view.changed,
        occurred_at=envelope.at,
        _actor_id=envelope.actor_id,
        _record=view.record,
        # Per view, not only per role: a role's subscribers may see one event differently
        # (some told the record left their view), and views are made per role.
        _shared=Shared(envelope.results, id(view)),
    )
