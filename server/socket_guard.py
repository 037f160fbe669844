"""Keeps long-lived websockets honest, for all of a process's sockets at once.

A socket whose access token expires, whose user is deactivated or signed out everywhere, or whose
API key is revoked is closed with 4401. One task per process does this, not one per socket, and
it does not re-read each socket's user on a timer:

- expiry is local: the token's ``exp`` is known when the socket opens, so sockets wait in a heap
  ordered by expiry and the task looks at the head only (the injected clock decides "now");
- deactivation and role changes arrive as ``user`` / ``role`` events on the event stream, and
  only the sockets they concern are re-authenticated;
- a safety re-check every ``ws_recheck_seconds`` reads the state of all watched users in a few
  batched statements (``id IN (...)``) and re-authenticates only the sockets that differ: it
  covers changes that publish no event (signing out everywhere bumps ``session_version``).

Measured before (benchmarks/results/fanout.md): one task and two queries per socket every 30 s
cost 24% of a core at 5,000 idle sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
from dataclasses import dataclass
from datetime import datetime

from starlette.types import Scope
from starlette.websockets import WebSocket

from auth.authenticate import authenticate
from auth.tokens import API_KEY_PREFIX, TokenCodec
from models import clock
from models.errors import Unauthenticated
from models.events import Envelope
from models.user import User
from realtime.stream import EventStream
from resolvers.context import RequestContext

WS_UNAUTHENTICATED = 4401
# Expiry is looked at this often at most (and as often as the re-check when that is shorter).
EXPIRY_TICK_SECONDS = 1.0
RECHECK_BATCH = 500
log = logging.getLogger("tandem.ws")


@dataclass(eq=False, slots=True)
class Watched:
    websocket: WebSocket
    context: RequestContext
    credential: str
    expires_at: datetime | None
    closed: bool = False


class SocketGuard:
    def __init__(self, codec: TokenCodec, stream: EventStream, recheck_seconds: float) -> None:
        self.codec = codec
        self.stream = stream
        self.recheck_seconds = recheck_seconds
        self._sockets: set[Watched] = set()
        self._expiries: list[tuple[datetime, int, Watched]] = []
        self._order = itertools.count()
        self._tasks: list[asyncio.Task[None]] = []

    def watch(self, websocket: WebSocket, context: RequestContext) -> None:
        credential = context.credential
        assert credential is not None and context.principal is not None
        expires_at = None
        if not credential.startswith(API_KEY_PREFIX):
            expires_at = self.codec.verify(credential).expires_at
        watched = Watched(websocket, context, credential, expires_at)
        self._sockets.add(watched)
        websocket.state.guarded = watched  # found again by forget() from the ASGI scope
        if expires_at is not None:
            heapq.heappush(self._expiries, (expires_at, next(self._order), watched))

    def forget(self, scope: Scope) -> None:
        watched = (scope.get("state") or {}).get("guarded")
        if isinstance(watched, Watched):
            self._drop(watched)

    def _drop(self, watched: Watched) -> None:
        self._sockets.discard(watched)
        watched.closed = True  # its heap entry is skipped when it comes up

    @property
    def watched(self) -> int:
        return len(self._sockets)

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._tick(), name="socket-guard-tick"),
            asyncio.create_task(self._listen(), name="socket-guard-events"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks)
        self._tasks = []

    async def _tick(self) -> None:
        interval = min(self.recheck_seconds, EXPIRY_TICK_SECONDS)
        loop = asyncio.get_running_loop()
        next_recheck = loop.time() + self.recheck_seconds
        while True:
            await asyncio.sleep(interval)
            try:
                await self.close_expired()
                if loop.time() >= next_recheck:
                    next_recheck = loop.time() + self.recheck_seconds
                    await self.recheck_all()
            except Exception:  # a failed check is retried at the next tick
                log.exception("websocket check failed")

    async def close_expired(self) -> None:
        now = clock.now()
        while self._expiries and self._expiries[0][0] <= now:
            _, _, watched = heapq.heappop(self._expiries)
            if not watched.closed:
                await self._close(watched, "Access token expired")

    async def recheck_all(self) -> None:
        """Batched: the state of every watched user, then re-authenticate only what differs."""
        by_user: dict[int, list[Watched]] = {}
        keyed: list[Watched] = []
        for watched in list(self._sockets):
            principal = watched.context.principal
            if principal is None:
                continue
            if principal.api_key_id is not None:
                keyed.append(watched)  # rare: each checks its key
            else:
                by_user.setdefault(principal.user_id, []).append(watched)
        ids = list(by_user)
        for start in range(0, len(ids), RECHECK_BATCH):
            chunk = ids[start : start + RECHECK_BATCH]
            rows = await User.filter(id__in=chunk).values_list(
                "id", "is_active", "session_version", "role_id"
            )
            current = {row[0]: row[1:] for row in rows}
            for user_id in chunk:
                for watched in by_user[user_id]:
                    principal = watched.context.principal
                    assert principal is not None
                    state = (True, principal.session_version, principal.role_id)
                    if current.get(user_id) != state:
                        await self._reauthenticate(watched)
        for watched in keyed:
            await self._reauthenticate(watched)

    async def _listen(self) -> None:
        """User and role events: re-authenticate the sockets they concern, at once."""
        while True:
            listener, _ = self.stream.listen(lambda e: e.object in ("user", "role"))
            try:
                while True:
                    await self._on_event(await listener.next())
            except asyncio.CancelledError:
                raise
            except Exception:  # fell behind (a burst of user changes): a full re-check
                log.warning("websocket guard fell behind the event stream; re-checking all")
                await self.recheck_all()
            finally:
                self.stream.unlisten(listener)

    async def _on_event(self, envelope: Envelope) -> None:
        for watched in list(self._sockets):
            principal = watched.context.principal
            if principal is None:
                continue
            if (envelope.object == "user" and envelope.record_id == principal.user_id) or (
                envelope.object == "role" and envelope.record_id == principal.role_id
            ):
                await self._reauthenticate(watched)

    async def _reauthenticate(self, watched: Watched) -> None:
        if watched.closed:
            return
        try:
            # A role change applies to operations the open socket runs from now on.
            watched.context.use_principal(await authenticate(self.codec, watched.credential))
        except Unauthenticated as ended:
            await self._close(watched, ended.message)

    async def _close(self, watched: Watched, reason: str) -> None:
        self._drop(watched)
        log.info("closing websocket: %s", reason)
        websocket = watched.websocket
        websocket.state.close_code = WS_UNAUTHENTICATED
        websocket.state.close_reason = reason[:120]
        # Already closing or closed: nothing left to do.
        with contextlib.suppress(RuntimeError):
            await websocket.close(code=WS_UNAUTHENTICATED, reason=reason[:120])
