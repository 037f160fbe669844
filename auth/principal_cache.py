"""The signed-in caller, remembered per access token within one process.

Re-reading the caller on every request (auth/authenticate.py) was most of what a trivial
request cost: a JWT verification and a database round trip. Now a verified token's principal is
kept until one of these, whichever comes first:

- a change of the user's or the role's access: the change's unit of work (models/outbox.py
  ``emit_access_change``, models/unit_of_work.py) tells ``models.events``' access listeners,
  among them this module's, inside the transaction and again once it has committed; other
  processes drop theirs when the change's ``user`` / ``role`` event arrives on their event
  stream (realtime/access_events.py calls ``drop``). A read that started before a drop is not
  kept (the generation moved on), so a row read just before a commit cannot outlive it;
- the token's own expiry (``exp``, against the injectable clock);
- ``ttl`` seconds (settings.principal_cache_seconds): a safety net for changes made outside
  the API (SQL by hand, another tool) that publish no event.

API keys are not kept: they are rare, and their revocation publishes nothing. A refused
credential is not kept either: it is refused again, by the same path, on its next request.
"""

from __future__ import annotations

import time
import weakref

from auth.authenticate import authenticate, principal_for_user
from auth.tokens import API_KEY_PREFIX, AccessClaims, TokenCodec
from models import clock, events
from models.access.principal import Principal

# Distinct live tokens kept per process; beyond it the oldest go (a burst of sign-ins).
MAX_ENTRIES = 10_000
_caches: weakref.WeakSet[PrincipalCache] = weakref.WeakSet()


def _access_changed(obj: str, record_id: int) -> None:
    """A user's or role's access changed in this process (during and after its transaction)."""
    for cache in list(_caches):
        cache.drop(obj, record_id)


events.on_access_change(_access_changed)


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
