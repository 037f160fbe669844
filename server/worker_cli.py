"""``tandem worker``: a process that runs background jobs and serves nothing.

Run one or more next to the API processes when the work should not share their CPU (set
``TANDEM_JOBS_IN_PROCESS=false`` on the API processes then, so only workers run jobs). It
connects to the same database and broker, relays the outbox events its jobs write (so
``jobUpdated`` and the records its jobs create are heard at once on every process), takes
wake-ups from the job transport and sweeps the job table: at start first, so the jobs left
behind by a restart (queued, or running under a worker that died) are picked up.
SIGTERM or SIGINT stops it; a job it was running is taken over when its lease runs out.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import timedelta

from tortoise import Tortoise

from realtime.bus import Bus
from realtime.relay import Relay
from server.app import StartupError, open_bus, open_database
from server.job_kinds import build_worker, transport_for
from server.settings import Settings

log = logging.getLogger("tandem.worker")


async def run_worker(settings: Settings, stop: asyncio.Event) -> None:
    """Run until ``stop`` is set."""
    await open_database(settings)
    bus = Bus(settings.broadcast_url)
    try:
        await open_bus(settings, bus)
    except StartupError:
        await Tortoise.close_connections()
        raise
    relay = Relay(
        bus,
        f"{settings.channel_prefix}events",
        poll_seconds=settings.event_poll_seconds,
        retention=timedelta(days=settings.event_retention_days),
    )
    worker = build_worker(settings, transport_for(settings))
    await relay.start()
    await worker.start()
    worker.nudge()
    log.info("Tandem worker ready: %s", ", ".join(sorted(worker.kinds)))
    try:
        await stop.wait()
    finally:
        await worker.stop()
        await relay.stop()
        await bus.disconnect()
        await Tortoise.close_connections()


async def serve_worker(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await run_worker(settings, stop)
