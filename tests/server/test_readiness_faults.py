"""/readyz reports a PostgreSQL or Redis outage with 503 and recovers when they return.

Runs against private servers started for this test, never the machine's shared ones.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from server import db
from server.app import create_app
from server.settings import Settings
from tests.conftest import TEST_SECRET
from tests.support.services import PrivatePostgres, PrivateRedis


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    # The server runs as the postgres user, so its directory must be reachable by that user.
    root = Path(tempfile.mkdtemp(prefix="tandem-pg-"))
    os.chmod(root, 0o755)
    pg = PrivatePostgres(root / "data")
    pg.init()
    pg.start()
    try:
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
async def http(
    private_postgres: PrivatePostgres, private_redis: PrivateRedis
) -> AsyncIterator[httpx.AsyncClient]:
    await db.apply_migrations(private_postgres.url)
    settings = Settings(
        database_url=private_postgres.url,
        broadcast_url=private_redis.url,
        secret_key=TEST_SECRET,
        _env_file=None,
    )  # type: ignore[call-arg]
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://tandem.test") as client:
            yield client


async def readiness(http: httpx.AsyncClient) -> tuple[int, dict[str, str]]:
    response = await http.get("/readyz")
    return response.status_code, response.json()["checks"]


async def test_readyz_fails_while_postgres_is_down_and_recovers(
    http: httpx.AsyncClient, private_postgres: PrivatePostgres
) -> None:
    assert await readiness(http) == (200, {"database": "ok", "broker": "ok"})
    await asyncio.to_thread(private_postgres.stop)
    assert await readiness(http) == (503, {"database": "unreachable", "broker": "ok"})
    await asyncio.to_thread(private_postgres.start)
    assert await readiness(http) == (200, {"database": "ok", "broker": "ok"})


async def test_readyz_fails_while_redis_is_down_and_recovers(
    http: httpx.AsyncClient, private_redis: PrivateRedis
) -> None:
    assert await readiness(http) == (200, {"database": "ok", "broker": "ok"})
    await asyncio.to_thread(private_redis.stop)
    assert await readiness(http) == (503, {"database": "ok", "broker": "unreachable"})
    await asyncio.to_thread(private_redis.start)
    assert await readiness(http) == (200, {"database": "ok", "broker": "ok"})
