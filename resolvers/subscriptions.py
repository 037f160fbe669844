"""Live record events: replay from the outbox after a cursor, then live, each event scoped and
redacted for the subscriber (realtime/fanout.py).

The subscriber's principal is reloaded when an event says its user or role changed, so a role
change or deactivation takes effect within one event; a deactivated subscriber's stream ends.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

import strawberry
from starlette.websockets import WebSocket
from strawberry.types import Info

from models.access.principals import principal_for_user
from models.clock import now
from models.comment import TARGETS as COMMENT_TARGETS
from models.errors import BadInput, NotFound
from models.events import Envelope
from models.global_ids import from_global_id, parse_global_id
from models.i18n import msg
from realtime.direct import TARGET, Handled
from realtime.errors import SubscriberTooSlow
from realtime.fanout import record_visible, view_for
from realtime.stream import oldest_seq, read_range
from resolvers import records
from resolvers.api.kinds import ObjectKind
from resolvers.context import RequestContext
from resolvers.direct_events import SUBSCRIBING, DirectDelivery
from resolvers.record_event import (
    ACCESS_OBJECTS,
    LiveEvent,
    caught_up_event,
    concerns,
    record_event,
)

Ctx = Info[RequestContext, None]
# Asks for the CAUGHT_UP event (resolvers/api/kinds.py): a client that resumes holds the replayed
# events back and shows the state once, so it never shows values the replay goes on to replace.
MarkCaughtUp = Annotated[
    bool,
    strawberry.argument(
        description="Send one `CAUGHT_UP` event when the replay after `after` is over "
        "(at once without `after`: its cursor is where the stream stands)"
    ),
]
# Close code for a subscriber dropped for falling behind (4xxx: application-defined).
WS_TOO_SLOW = 4429


def _cursor(after: str | None) -> int | None:
    if after is None:
        return None
    if not after.isdigit():
        raise BadInput("Not a valid cursor", field="after")
    return int(after)


@dataclass(frozen=True, slots=True)
class CaughtUp:
    """Where a replay ended: the stream position it reached (every later event is live)."""

    seq: int


async def _envelopes(
    ctx: RequestContext,
    accepts: Callable[[Envelope], bool],
    after: int | None,
    direct: Callable[[Envelope], Handled] | None = None,
) -> AsyncGenerator[Envelope, None]:
    """Replay (after, now], then live; the listener is registered first, so nothing falls
    between the two."""
    async for item in _stream(ctx, accepts, after, direct, mark_caught_up=False):
        if isinstance(item, Envelope):
            yield item


async def _stream(
    ctx: RequestContext,
    accepts: Callable[[Envelope], bool],
    after: int | None,
    direct: Callable[[Envelope], Handled] | None,
    mark_caught_up: bool,
) -> AsyncGenerator[Envelope | CaughtUp, None]:
    """``_envelopes``, and with ``mark_caught_up`` a ``CaughtUp`` between the replay and the
    first live envelope, even when nothing was replayed (or no ``after`` asked for a replay)."""
    stream = ctx.services.stream

    def wanted(envelope: Envelope) -> bool:
        return envelope.object in ACCESS_OBJECTS or accepts(envelope)

    listener, position = stream.listen(wanted)
    try:
        if after is not None and after < position:
            oldest = await oldest_seq()
            if oldest is None or oldest > after + 1:
                raise BadInput(
                    "This cursor is older than the kept events: refetch, then subscribe anew",
                    field="after",
                )
        cursor = after
        while cursor is not None and cursor < position:
            batch = await read_range(cursor, position)
            if not batch:
                break
            for envelope in batch:
                if wanted(envelope):
                    yield envelope
            cursor = batch[-1].seq
        if mark_caught_up:
            # Everything up to `position` was read (skipped ones were not for this subscriber;
            # without `after` there was nothing to replay); a cursor past it stays.
            yield CaughtUp(position if after is None else max(after, position))
        while True:
            yield await listener.next(direct)
    finally:
        stream.unlisten(listener)


async def refresh_access(ctx: RequestContext, envelope: Envelope) -> bool:
    """Reload the subscriber's access if the event concerns it; True if it did."""
    mine = concerns(ctx, envelope)
    if mine:
        # Raises UNAUTHENTICATED for a deactivated user: the subscription ends with that error.
        user_id = ctx.require_principal().user_id
        ctx.use_principal(await principal_for_user(user_id, None))
    return mine


# Sees each accepted envelope before it is delivered: False holds it back. Re-run (with None)
# after the subscriber's access changed.
Follow = Callable[[Envelope | None], Awaitable[bool]]


async def _record_events(
    ctx: RequestContext,
    accepts: Callable[[Envelope], bool],
    after: str | None,
    mark_caught_up: bool,
    follow: Follow | None = None,
) -> AsyncGenerator[LiveEvent, None]:
    try:
        async for event in _events_for(ctx, accepts, _cursor(after), mark_caught_up, follow):
            yield event
    except SubscriberTooSlow as slow:
        await _close_too_slow(ctx, str(slow))
        raise


async def _close_too_slow(ctx: RequestContext, reason: str) -> None:
    """A subscriber that cannot keep up is disconnected with a reason, not buffered without
    end: the client reconnects and resumes with `after` from its last cursor."""
    websocket = ctx.request
    if isinstance(websocket, WebSocket):
        websocket.state.close_code = WS_TOO_SLOW
        websocket.state.close_reason = reason[:120]
        await websocket.close(code=WS_TOO_SLOW, reason=reason[:120])


async def _events_for(
    ctx: RequestContext,
    accepts: Callable[[Envelope], bool],
    after: int | None,
    mark_caught_up: bool,
    follow: Follow | None,
) -> AsyncGenerator[LiveEvent, None]:
    direct = _direct_delivery(ctx, accepts) if follow is None else None
    async for envelope in _stream(ctx, accepts, after, direct, mark_caught_up):
        if isinstance(envelope, CaughtUp):
            yield caught_up_event(envelope.seq, now())
            continue
        if envelope.object in ACCESS_OBJECTS:
            if await refresh_access(ctx, envelope) and follow is not None:
                await follow(None)
            if not accepts(envelope):
                continue
        if follow is not None and not await follow(envelope):
            continue
        view = view_for(ctx.access(envelope.object), envelope)
        if view is None:
            continue
        # Relations of the record are read fresh for each event, not from an earlier one.
        ctx.fresh_loaders()
        yield record_event(envelope, view)


def _direct_delivery(
    ctx: RequestContext, accepts: Callable[[Envelope], bool]
) -> DirectDelivery | None:
    """The shortcut for this subscription's live events (resolvers/direct_events.py), if its
    results are shared and its transport said where its frames go; None: the regular path."""
    target, executor = TARGET.get(), SUBSCRIBING.get()
    if target is None or executor is None:
        return None
    base = executor.share_base()
    if base is None:
        return None
    return DirectDelivery(ctx, accepts, executor, base, target)


async def record_events(
    info: Ctx,
    objects: list[ObjectKind] | None = None,
    after: str | None = None,
    mark_caught_up: MarkCaughtUp = False,
) -> AsyncGenerator[LiveEvent, None]:
    if objects and ObjectKind.COMMENT in objects:
        # A comment is seen by whoever may see the record discussed: commentEvents follows it.
        raise BadInput("Comments are heard per record: use commentEvents", field="objects")
    kinds = {o.value for o in objects} if objects else {o.value for o in ObjectKind} - {"comment"}
    for kind in sorted(kinds) if objects else ():
        info.context.access(kind).require("read")
    async for event in _record_events(
        info.context, lambda e: e.object in kinds, after, mark_caught_up
    ):
        yield event


async def pipeline_events(
    info: Ctx,
    pipeline_id: strawberry.ID,
    after: str | None = None,
    mark_caught_up: MarkCaughtUp = False,
) -> AsyncGenerator[LiveEvent, None]:
    access = info.context.access
    access("pipeline").require("read")
    access("deal").require("read")
    topic = f"pipeline:{from_global_id(pipeline_id, 'Pipeline', field='pipelineId')}"

    def accepts(envelope: Envelope) -> bool:
        return envelope.object == "deal" and topic in envelope.topics

    async for event in _record_events(info.context, accepts, after, mark_caught_up):
        yield event


async def task_events(
    info: Ctx,
    assignee_id: strawberry.ID | None = None,
    after: str | None = None,
    mark_caught_up: MarkCaughtUp = False,
) -> AsyncGenerator[LiveEvent, None]:
    """Tasks created, changed, completed or deleted; of one assignee when given (the topic
    names the assignee before and after a change, so a reassigned task is heard by both)."""
    info.context.access("task").require("read")
    topic = None
    if assignee_id is not None:
        topic = f"assignee:{from_global_id(assignee_id, 'User', field='assigneeId')}"

    def accepts(envelope: Envelope) -> bool:
        return envelope.object == "task" and (topic is None or topic in envelope.topics)

    async for event in _record_events(info.context, accepts, after, mark_caught_up):
        yield event


async def comment_events(
    info: Ctx,
    target_id: strawberry.ID,
    after: str | None = None,
    mark_caught_up: MarkCaughtUp = False,
) -> AsyncGenerator[LiveEvent, None]:
    """Comments created, edited or deleted on one record, heard while the subscriber may see
    that record: its own events are followed, so a record reassigned out of the subscriber's
    scope (or deleted) falls silent, and one that comes back is heard again."""
    ctx = info.context
    ctx.access("comment").require("read")
    parsed = parse_global_id(target_id)
    kind = records.kind_of(parsed[0]) if parsed else None
    if parsed is None or kind is None or kind.obj not in COMMENT_TARGETS:
        raise BadInput("Comments are on a deal, task, contact or company", field="targetId")
    obj, pk = kind.obj, parsed[1]
    if not ctx.access(obj).visible(await kind.model.get_or_none(id=pk)):
        raise NotFound(msg("No such {obj}", obj=obj))
    topic = f"{obj}:{pk}"
    target = {"visible": True}

    def accepts(envelope: Envelope) -> bool:
        if envelope.object == "comment":
            return topic in envelope.topics
        return envelope.object == obj and envelope.record_id == pk

    async def follow(envelope: Envelope | None) -> bool:
        if envelope is None:  # the subscriber's access changed: look again
            target["visible"] = ctx.access(obj).visible(await kind.model.get_or_none(id=pk))
            return False
        if envelope.object != "comment":
            target["visible"] = record_visible(ctx.access(envelope.object), envelope)
            return False
        return target["visible"]

    async for event in _record_events(ctx, accepts, after, mark_caught_up, follow):
        yield event
