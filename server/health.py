"""Liveness and readiness: /healthz says the process is up, /readyz that its backends answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from starlette.requests import Request
from starlette.responses import JSONResponse

from server import db

CHECK_TIMEOUT_S = 2.0


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _bounded(check: Awaitable[bool]) -> bool:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            return await check
    except (TimeoutError, OSError):
        return False


async def readyz(request: Request) -> JSONResponse:
    bus = request.app.state.bus
    database_ok, broker_ok = await asyncio.gather(
        _bounded(db.ping()),
        _bounded(bus.ping()),
    )
    checks = {
        "database": "ok" if database_ok else "unreachable",
        "broker": "ok" if broker_ok else "unreachable",
    }
    ready = database_ok and broker_ok
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
    )
