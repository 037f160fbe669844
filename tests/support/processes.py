"""Real `tandem serve` processes for scale-out tests: same database, same broker, own ports."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from pathlib import Path
from typing import IO

import httpx

from tests.support.services import free_port

TANDEM = Path(sys.executable).with_name("tandem")
START_TIMEOUT = 30.0


@asynccontextmanager
async def tandem_servers(
    count: int, *, database_url: str, broadcast_url: str, secret_key: str
) -> AsyncIterator[list[str]]:
    """Start ``count`` servers and yield their base URLs once each answers /readyz."""
    prefix = f"test-{uuid.uuid4().hex[:12]}:"
    processes: list[asyncio.subprocess.Process] = []
    logs: list[IO[bytes]] = []
    urls = []
    files = ExitStack()
    try:
        for _ in range(count):
            port = free_port()
            env = {
                **os.environ,
                "TANDEM_DATABASE_URL": database_url,
                "TANDEM_BROADCAST_URL": broadcast_url,
                "TANDEM_SECRET_KEY": secret_key,
                "TANDEM_CHANNEL_PREFIX": prefix,
                "TANDEM_PORT": str(port),
                "TANDEM_LOG_LEVEL": "WARNING",
                # Cross-process delivery must come through the broker, not the outbox poll.
                "TANDEM_EVENT_POLL_SECONDS": "3600",
            }
            log = files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 - the stack closes it
            logs.append(log)
            processes.append(
                await asyncio.create_subprocess_exec(
                    str(TANDEM), "serve", env=env, stdout=subprocess.DEVNULL, stderr=log
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, process, output in zip(urls, processes, logs, strict=True):
            await _wait_ready(url, process, output)
        yield urls
    finally:
        for process in processes:
            if process.returncode is None:
                process.terminate()
        for process in processes:
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        files.close()


async def _wait_ready(url: str, process: asyncio.subprocess.Process, log: IO[bytes]) -> None:
    deadline = asyncio.get_running_loop().time() + START_TIMEOUT
    async with httpx.AsyncClient() as client:
        while True:
            if process.returncode is not None:
                log.seek(0)
                raise RuntimeError(f"tandem serve exited: {log.read().decode()[-2000:]}")
            try:
                if (await client.get(f"{url}/readyz", timeout=1)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"{url} did not become ready")
            # Waiting on another process to bind its port: there is nothing to inject here.
            await asyncio.sleep(0.05)
