"""Tandem as the benchmarks run it: ``create_app`` under uvicorn, as ``tandem serve`` runs it.

The additions: the no-permission baseline route (benchmarks/baseline.py) and the floor
scenario's bare endpoint. Started as a subprocess by the scenarios, so that client and server
do not share a process or an event loop:

    python -m benchmarks.server --database-url sqlite://bench.sqlite3 --port 8765
"""

from __future__ import annotations

import cProfile
import gc
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import orjson
import typer
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from benchmarks import baseline
from server.app import WS_PROTOCOL, create_app
from server.settings import Settings


def bench_settings(database_url: str, port: int = 0, broadcast_url: str = "memory://") -> Settings:
    """Dev-mode settings for a benchmark: no .env file; the values below win over TANDEM_*
    variables, which still apply to everything else (pool size, query guards, ...)."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=database_url,
        broadcast_url=broadcast_url,
        host="127.0.0.1",
        port=port,
        log_level="WARNING",
        # A long run must not outlive its access tokens.
        access_token_minutes=240,
    )


FLOOR_PATH = "/bench/floor"
FLOOR_ANSWER = b'{"data":{"__typename":"Query"}}'


async def floor(request: Request) -> Response:
    """The floor scenario's bare endpoint: what uvicorn + Starlette cost for a POST of a JSON
    body, parsed, answered with the JSON `{ __typename }` gets; no GraphQL, no auth."""
    orjson.loads(await request.body())
    return Response(FLOOR_ANSWER, media_type="application/json")


def bench_app(settings: Settings, *, gc_freeze: bool = False) -> Starlette:
    """``create_app`` plus the baseline route. ``gc_freeze`` is an experiment, not what
    ``tandem serve`` does: after startup, move every object to the collector's permanent
    generation, so that full collections stop walking the (large, long-lived) startup heap."""
    app = create_app(settings)
    app.router.routes.append(Route(baseline.PATH, baseline.raw_deals, methods=["GET"]))
    app.router.routes.append(Route(FLOOR_PATH, floor, methods=["POST"]))
    if gc_freeze:
        started = app.router.lifespan_context

        @asynccontextmanager
        async def frozen(app: Starlette) -> AsyncIterator[None]:
            async with started(app):
                gc.collect()
                gc.freeze()
                yield

        app.router.lifespan_context = frozen
    return app


cli = typer.Typer(add_completion=False)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)


@cli.command()
def main(
    database_url: Annotated[str, typer.Option(help="A seeded, migrated database")],
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1")],
    gc_freeze: Annotated[bool, typer.Option(help="Experiment: gc.freeze() after startup")] = False,
    broadcast_url: Annotated[str, typer.Option(help="memory:// or redis://...")] = "memory://",
    backlog: Annotated[int, typer.Option(help="Listen backlog (uvicorn's default: 2048)")] = 2048,
    profile: Annotated[
        str, typer.Option(help="Run under cProfile and write its stats to this file at exit")
    ] = "",
) -> None:
    """Serve Tandem plus the baseline route for a benchmark run."""
    settings = bench_settings(database_url, port, broadcast_url)
    profiler = cProfile.Profile() if profile else None
    if profiler is not None:
        # uvicorn re-raises SIGTERM after its graceful shutdown, with the handler it found
        # installed: make that an exit that runs the `finally` below, not a silent death.
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        profiler.enable()
    # The same uvicorn options as `tandem serve` (server/cli.py), minus the access log.
    try:
        uvicorn.run(
            bench_app(settings, gc_freeze=gc_freeze),
            host=settings.host,
            port=settings.port,
            log_level="warning",
            access_log=False,
            loop="uvloop",
            http="httptools",
            ws=WS_PROTOCOL,
            lifespan="on",
            backlog=backlog,
        )
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)


if __name__ == "__main__":
    cli()
