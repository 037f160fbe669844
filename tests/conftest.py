"""Fixtures shared by the whole suite.

The backend is chosen by environment, so the same tests run on both:
- default: SQLite + memory:// (nothing to install);
- ``TANDEM_TEST_DATABASE_URL=postgres://...`` and ``TANDEM_TEST_BROADCAST_URL=redis://...``.
A configured backend that cannot be reached fails the run; it is never skipped.
"""

from __future__ import annotations

import os

# Before any Tandem import: argon2 at its cheapest profile keeps sign-in tests fast.
os.environ.setdefault("TANDEM_ARGON2_PROFILE", "cheapest")

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from starlette.applications import Starlette
from tortoise import connections

from models import clock as clock_module
from models.clock import FrozenClock
from server import db
from server.app import create_app
from server.settings import Settings
from tests.support.graphql import GraphQLClient
from tests.support.live import serve
from tests.support.services import PrivateRedis
from tests.support.smtp import SmtpServer

TEST_DATABASE_URL = os.environ.get("TANDEM_TEST_DATABASE_URL", "sqlite")
TEST_BROADCAST_URL = os.environ.get("TANDEM_TEST_BROADCAST_URL", "memory://")
TEST_SECRET = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def is_postgres() -> bool:
    return TEST_DATABASE_URL.startswith(("postgres://", "postgresql://"))


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


async def _admin(url: str, sql: str) -> None:
    conn = await asyncpg.connect(_with_database(url, "postgres"), timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """One migrated database per test process, created for this run and dropped after it."""
    if is_postgres():
        name = f"tandem_test_{uuid.uuid4().hex[:8]}_{worker_id}"
        try:
            asyncio.run(_admin(TEST_DATABASE_URL, f'CREATE DATABASE "{name}"'))
        except (OSError, asyncpg.PostgresError) as exc:
            pytest.exit(f"PostgreSQL at {db.describe(TEST_DATABASE_URL)} unreachable: {exc}", 3)
        # A test database needs no durability: commits do not wait for the WAL to reach the
        # disk (every test commits dozens of times). Semantics, locks and isolation are unchanged.
        asyncio.run(
            _admin(TEST_DATABASE_URL, f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        )
        url = _with_database(TEST_DATABASE_URL, name)
        asyncio.run(db.apply_migrations(url))
        yield url
        asyncio.run(_admin(TEST_DATABASE_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        path: Path = tmp_path_factory.mktemp("db") / "tandem.sqlite3"
        url = f"sqlite://{path}"
        asyncio.run(db.apply_migrations(url))
        yield url


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Override in a test module to change settings for its tests."""
    return {}


@pytest.fixture
def settings(database_url: str, settings_overrides: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "broadcast_url": TEST_BROADCAST_URL,
        "secret_key": TEST_SECRET,
        # Runs and workers share one Redis: each app gets channels of its own.
        "channel_prefix": f"test-{uuid.uuid4().hex[:12]}:",
        # The relay is woken by each commit; the outbox poll is a safety net tests do not need
        # (and its queries would disturb SQL statement counts).
        "event_poll_seconds": 3600.0,
        # Likewise the task scheduler ticks only when a test runs or nudges it.
        "scheduler_seconds": 3600.0,
        # And the job worker's sweep of the job table: tests run it (run_due) or nudge it.
        "job_poll_seconds": 3600.0,
        "gc_freeze": False,
        **settings_overrides,
    }
    return Settings(**values, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def clock() -> Iterator[FrozenClock]:
    """Time that moves only when the test says so; installed for the app and domain code."""
    frozen = FrozenClock()
    previous = clock_module.use(frozen)
    try:
        yield frozen
    finally:
        clock_module.use(previous)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def clean_database() -> None:
    """Empty every table (not the migration record) so each test starts from nothing."""
    conn = connections.get("default")
    if is_postgres():
        _, rows = await conn.execute_query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'tortoise_migrations'"
        )
        # DELETE, not TRUNCATE: on tables of a few rows it is ~8x faster (TRUNCATE makes new
        # files for every table). Foreign keys are not checked meanwhile (replica role: the
        # test user is a superuser), and the sequences restart as TRUNCATE's RESTART IDENTITY did.
        _, seqs = await conn.execute_query(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        )
        await conn.execute_script(
            "SET session_replication_role = replica;"
            + "".join(f'DELETE FROM "{r["tablename"]}";' for r in rows)
            + "".join(f'ALTER SEQUENCE "{r["sequencename"]}" RESTART;' for r in seqs)
            + "SET session_replication_role = DEFAULT;"
        )
        return
    _, rows = await conn.execute_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name <> 'tortoise_migrations'"
    )
    script = "".join(f'DELETE FROM "{r["name"]}";' for r in rows)
    await conn.execute_script(
        "PRAGMA foreign_keys = OFF;"
        + script
        + "DELETE FROM sqlite_sequence; PRAGMA foreign_keys = ON;"
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    # Tasks of fixtures set up before the app (a test's HTTP stub) are not the app's.
    before = asyncio.all_tasks()
    async with application.router.lifespan_context(application):
        # The loops the app started (relay, event stream, scheduler, workers...): every one
        # must have ended when the lifespan does (one that lost its cancellation used to
        # outlive shutdown after the grace period: 5 s after a test that had just committed).
        started = [t for t in asyncio.all_tasks() - before if t is not asyncio.current_task()]
        await clean_database()
        await application.state.services.stream.restart()
        yield application
    survivors = sorted(t.get_name() for t in started if not t.done())
    assert not survivors, f"still running after the app stopped: {survivors}"


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tandem.test") as client:
        yield client


@pytest.fixture
def api(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


@pytest.fixture
async def ws_url(app: Starlette) -> AsyncIterator[str]:
    """The app served by a real uvicorn on a free port: its websocket URL."""
    async with serve(app) as base:
        yield base.replace("http://", "ws://") + "/graphql"


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    """A Redis of the test's own, for fault tests that stop and restart it."""
    redis = PrivateRedis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()
