"""presenceHeartbeat and the presence subscription. Only for records the caller may see."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import datetime

import strawberry
from strawberry.types import Info

from models import clock
from models.errors import NotFound
from models.global_ids import parse_global_id
from realtime.presence import Entry
from resolvers import records
from resolvers.api.kinds import PresenceState
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]


# What the subscription yields; schema/types/presence.py says how the API shows it.
@dataclass(frozen=True, slots=True)
class PresenceEntry:
    state: PresenceState
    expires_at: datetime
    user_id: int


@dataclass(frozen=True, slots=True)
class PresenceUpdate:
    resource_id: str
    present: list[PresenceEntry]


async def _visible_resource(info: Ctx, resource_id: str) -> str:
    """The record's key, once the caller is known to be allowed to see it."""
    parsed = parse_global_id(resource_id)
    kind = records.kind_of(parsed[0]) if parsed else None
    if parsed is None or kind is None:
        raise NotFound("No such record")
    await records.load(info, kind.obj, kind.model, parsed[1])
    return f"{parsed[0]}:{parsed[1]}"


async def presence_heartbeat(info: Ctx, resource_id: strawberry.ID, state: PresenceState) -> bool:
    key = await _visible_resource(info, resource_id)
    principal = info.context.require_principal()
    await info.context.services.presence.beat(key, principal.user_id, state.value)
    return True


def _entry(entry: Entry) -> PresenceEntry:
    return PresenceEntry(
        state=PresenceState(entry.state), expires_at=entry.expires_at, user_id=entry.user_id
    )


async def presence(info: Ctx, resource_id: strawberry.ID) -> AsyncGenerator[PresenceUpdate, None]:
    """The current list at once, then again whenever it changes (a join, a state change, a
    leave, or an entry running out)."""
    key = await _visible_resource(info, resource_id)
    service = info.context.services.presence
    async with service.watch(key) as notices:
        last: list[tuple[int, str]] | None = None
        while True:
            entries = await service.current(key)
            seen = [(e.user_id, e.state) for e in entries]
            if seen != last:
                last = seen
                info.context.fresh_loaders()
                yield PresenceUpdate(
                    resource_id=resource_id,
                    present=[_entry(e) for e in entries],
                )
            # Wake at the next notice, or when the first entry runs out.
            timeout = None
            if entries:
                soonest = min(e.expires_at for e in entries)
                timeout = max((soonest - clock.now()).total_seconds(), 0.0) + 0.01
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await anext(notices)
