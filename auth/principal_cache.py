"""The signed-in caller, remembered per access token within one process.

Re-reading the caller on every request (auth/authenticate.py) was most of what a trivial
request cost: a JWT verification and a database round trip. Now a verified token's principal is
kept until one of these, whichever comes first:

- a change of the user's or the role's access: ``access_changed()`` (models/outbox.py
  ``emit_access_change``, which every such change calls in its transaction) drops it in this
  process at once and again once the transaction has committed (``flush_access_changes()``,
  from ``notify_committed``); other processes drop it when the change's ``user`` / ``role``
  event arrives on the event stream (``listen``). A read that started before a drop is not
  kept (the generation moved on), so a row read just before a commit cannot outlive it;
- the token's own expiry (``exp``, against the injectable clock);
- ``ttl`` seconds (settings.principal_cache_seconds): a safety net for changes made outside
  the API (SQL by hand, another tool) that publish no event.

API keys are not kept: they are rare, and their revocation publishes nothing. A refused
credential is not kept either: it is refused again, by the same path, on its next request.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
import weakref

from auth.authenticate import authenticate, principal_for_user
from auth.tokens import API_KEY_PREFIX, AccessClaims, TokenCodec
from models import clock
from models.access.principal import Principal
from realtime.events import Envelope
from realtime.stream import EventStream

log = logging.getLogger("tandem.auth")
# Distinct live tokens kept per process; beyond it the oldest go (a burst of sign-ins).
MAX_ENTRIES = 10_000
ACCESS_OBJECTS = ("user", "role")

_caches: weakref.WeakSet[PrincipalCache] = weakref.WeakSet()
# Access changes written by the current task's transaction, dropped again after its commit.
_pending: contextvars.ContextVar[list[tuple[str, int]] | None] = contextvars.ContextVar(
    "tandem_access_changes", default=None
)


def access_changed(obj: str, record_id: int) -> None:
    """A user's or role's access is changing (called inside the change's transaction)."""
    pending = _pending.get()
    if pending is None:
        pending = []
        _pending.set(pending)
    pending.append((obj, record_id))
    for cache in list(_caches):
        cache.drop(obj, record_id)


def flush_access_changes() -> None:
    """The current task's transaction committed: drop its changes again, now for good."""
    pending = _pending.get()
    if not pending:
        return
    _pending.set(None)
    for cache in list(_caches):
        for obj, record_id in pending:
            cache.drop(obj, record_id)


class _Entry:
    __slots__ = ("claims", "principal", "stored_at")

    def __init__(self, claims: AccessClaims, principal: Principal, stored_at: float) -> None:
        self.claims = claims
        self.principal = principal
        self.stored_at = stored_at


class PrincipalCache:
    def __init__(self, codec: TokenCodec, ttl: float) -> None:
        self.codec = codec
        self.ttl = ttl
        self._entries: dict[str, _Entry] = {}
        # Moves on at every drop: a read begun under an older generation is not kept.
        self._generation = 0
        self._task: asyncio.Task[None] | None = None
        _caches.add(self)

    async def authenticate(self, token: str) -> Principal:
        if self.ttl <= 0 or token.startswith(API_KEY_PREFIX):
            return await authenticate(self.codec, token)
        entry = self._entries.get(token)
        if entry is not None:
            if (
                time.monotonic() - entry.stored_at < self.ttl
                and clock.now() < entry.claims.expires_at
            ):
                return entry.principal
            del self._entries[token]
        claims = self.codec.verify(token)
        generation = self._generation
        principal = await principal_for_user(claims.user_id, claims.session_version)
        if generation == self._generation:
            if len(self._entries) >= MAX_ENTRIES:
                del self._entries[next(iter(self._entries))]
            self._entries[token] = _Entry(claims, principal, time.monotonic())
        return principal

    def drop(self, obj: str, record_id: int) -> None:
        self._generation += 1
        for token, entry in list(self._entries.items()):
            principal = entry.principal
            if (obj == "user" and principal.user_id == record_id) or (
                obj == "role" and principal.role_id == record_id
            ):
                self._entries.pop(token, None)

    def clear(self) -> None:
        self._generation += 1
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    # Other processes' changes -----------------------------------------------------------------

    async def start(self, stream: EventStream) -> None:
        self._task = asyncio.create_task(self._listen(stream), name="principal-cache-events")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait([self._task])
            self._task = None

    async def _listen(self, stream: EventStream) -> None:
        while True:
            listener, _ = stream.listen(lambda e: e.object in ACCESS_OBJECTS)
            try:
                while True:
                    self._on_event(await listener.next())
            except asyncio.CancelledError:
                raise
            except Exception:  # fell behind (a burst of user changes): forget everything
                log.warning("principal cache fell behind the event stream; cleared")
                self.clear()
            finally:
                stream.unlisten(listener)

    def _on_event(self, envelope: Envelope) -> None:
        self.drop(envelope.object, envelope.record_id)
