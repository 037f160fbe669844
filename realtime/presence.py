"""Presence: who is viewing or editing a record, kept alive by heartbeats, forgotten after a TTL.

Entries live in Redis when the broker is Redis (every process sees them) and in this process's
memory on the embedded default (one process, nobody else to tell). A change is announced on the
bus channel of the record, so subscriptions in any process re-read and push the new list.
Time comes from models.clock, so tests move it instead of sleeping.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import orjson
import redis.asyncio as aioredis

from models import clock
from realtime.bus import Bus
from realtime.subscription import Subscription

VIEWING, EDITING, LEFT = "viewing", "editing", "left"


@dataclass(frozen=True, slots=True)
class Entry:
    user_id: int
    state: str
    expires_at: datetime


class PresenceStore(Protocol):
    async def put(self, resource: str, entry: Entry) -> Entry | None:
        """Store ``entry``; return the entry it replaced (None if there was none)."""

    async def remove(self, resource: str, user_id: int) -> bool: ...

    async def entries(self, resource: str) -> list[Entry]:
        """Every stored entry, expired ones included (the caller filters by the clock)."""

    async def close(self) -> None: ...


class MemoryPresence:
    def __init__(self) -> None:
        self._by_resource: dict[str, dict[int, Entry]] = {}

    async def put(self, resource: str, entry: Entry) -> Entry | None:
        entries = self._by_resource.setdefault(resource, {})
        previous = entries.get(entry.user_id)
        entries[entry.user_id] = entry
        return previous

    async def remove(self, resource: str, user_id: int) -> bool:
        return self._by_resource.get(resource, {}).pop(user_id, None) is not None

    async def entries(self, resource: str) -> list[Entry]:
        entries = self._by_resource.get(resource, {})
        now = clock.now()
        for user_id in [u for u, e in entries.items() if e.expires_at <= now]:
            del entries[user_id]  # forget the expired, so memory stays bounded
        return list(entries.values())

    async def close(self) -> None:
        self._by_resource.clear()


class RedisPresence:
    """One hash per record: user id -> {state, expires}. The hash itself expires too, so a
    record nobody looks at any more leaves nothing behind."""

    def __init__(self, url: str, prefix: str) -> None:
        self._redis = aioredis.from_url(url)
        self._prefix = prefix

    def _key(self, resource: str) -> str:
        return f"{self._prefix}presence:{resource}"

    async def put(self, resource: str, entry: Entry) -> Entry | None:
        key = self._key(resource)
        value = orjson.dumps({"state": entry.state, "expires": entry.expires_at.isoformat()})
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hget(key, str(entry.user_id))
            pipe.hset(key, str(entry.user_id), value)
            pipe.expire(key, 3600)
            previous, _, _ = await pipe.execute()
        return _decode(entry.user_id, previous) if previous else None

    async def remove(self, resource: str, user_id: int) -> bool:
        return bool(await self._redis.hdel(self._key(resource), str(user_id)))

    async def entries(self, resource: str) -> list[Entry]:
        raw = await self._redis.hgetall(self._key(resource))
        return [_decode(int(user_id), value) for user_id, value in raw.items()]

    async def close(self) -> None:
        await self._redis.aclose()


def _decode(user_id: int, value: bytes | str) -> Entry:
    data = orjson.loads(value)
    return Entry(user_id, data["state"], datetime.fromisoformat(data["expires"]))


class Presence:
    def __init__(self, bus: Bus, store: PresenceStore, prefix: str, ttl_seconds: float) -> None:
        self.bus = bus
        self.store = store
        self.prefix = prefix
        self.ttl = timedelta(seconds=ttl_seconds)

    def _channel(self, resource: str) -> str:
        return f"{self.prefix}presence:{resource}"

    async def beat(self, resource: str, user_id: int, state: str) -> None:
        """Record a heartbeat (or a leave); tell watchers when the visible list changes."""
        now = clock.now()
        if state == LEFT:
            changed = await self.store.remove(resource, user_id)
        else:
            previous = await self.store.put(resource, Entry(user_id, state, now + self.ttl))
            changed = previous is None or previous.state != state or previous.expires_at <= now
        if changed:
            await self.bus.publish(self._channel(resource), "changed")

    async def current(self, resource: str) -> list[Entry]:
        now = clock.now()
        entries = [e for e in await self.store.entries(resource) if e.expires_at > now]
        return sorted(entries, key=lambda e: e.user_id)

    @asynccontextmanager
    async def watch(self, resource: str) -> AsyncIterator[Subscription]:
        """Change notices for one record, from every process."""
        async with self.bus.subscribe(self._channel(resource)) as notices:
            yield notices


def store_for(broadcast_url: str, prefix: str) -> PresenceStore:
    if broadcast_url.startswith(("redis://", "rediss://")):
        return RedisPresence(broadcast_url, prefix)
    return MemoryPresence()
