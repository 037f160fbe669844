"""Keeps long-lived websockets honest: a socket whose token expires, or whose user is
deactivated or signed out everywhere, is closed with 4401 at the next check."""

from __future__ import annotations

import asyncio
import logging

from starlette.types import Scope
from starlette.websockets import WebSocket

from auth.authenticate import authenticate
from models.errors import Unauthenticated
from resolvers.context import RequestContext, Services

WS_UNAUTHENTICATED = 4401
log = logging.getLogger("tandem.ws")


async def _watch(websocket: WebSocket, context: RequestContext, services: Services) -> None:
    interval = services.settings.ws_recheck_seconds
    credential = context.credential
    assert credential is not None
    while True:
        await asyncio.sleep(interval)
        try:
            # Re-reads the user: a role change applies to the open socket too.
            context.use_principal(await authenticate(services.codec, credential))
        except Unauthenticated as ended:
            log.info("closing websocket: %s", ended.message)
            websocket.state.close_code = WS_UNAUTHENTICATED
            await websocket.close(code=WS_UNAUTHENTICATED, reason=ended.message[:120])
            return


def start(websocket: WebSocket, context: RequestContext, services: Services) -> None:
    websocket.state.watchdog = asyncio.create_task(_watch(websocket, context, services))


def stop(scope: Scope) -> None:
    state = scope.get("state") or {}
    task = state.get("watchdog")
    if task is not None:
        task.cancel()
