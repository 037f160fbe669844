"""Database wiring: the Tortoise config, applying migrations, and refusing unmigrated databases."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate as tortoise_migrate
from tortoise.migrations.executor import MigrationExecutor

from models.tortoise_adapter import forget_statements

APP_LABEL = "tandem"
MIGRATIONS_MODULE = "models.migrations"


class DatabaseError(Exception):
    """The database cannot be used: unreachable, misconfigured or not migrated."""


def normalise_url(url: str) -> str:
    # Tortoise names its PostgreSQL driver by scheme; accept the usual spellings.
    for alias in ("postgresql://", "postgres://"):
        if url.startswith(alias):
            return "asyncpg://" + url[len(alias) :]
    return url


async def keep_session(_connection: Any) -> None:
    """asyncpg's pool ``reset``: nothing beyond its own Python-side cleanup (listeners, an
    unfinished transaction). The default sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL;
    UNLISTEN *; RESET ALL`` after EVERY statement Tortoise runs (it returns its connection to
    the pool after each), a second round trip per query: a fifth of a board's time. Tandem
    leaves no session state behind: its only advisory lock is transaction-scoped
    (realtime/relay.py), it never LISTENs, SETs or DECLAREs cursors outside a transaction."""


def tortoise_config(database_url: str, *, pool_max: int = 10) -> dict[str, Any]:
    url = normalise_url(database_url)
    connection: str | dict[str, Any] = url
    if url.startswith("asyncpg://"):
        sep = "&" if "?" in url else "?"
        connection = expand_db_url(f"{url}{sep}maxsize={pool_max}")
        connection["credentials"]["reset"] = keep_session
    return {
        "connections": {"default": connection},
        "apps": {
            APP_LABEL: {
                "models": ["models"],
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# For the `tortoise` CLI (makemigrations): `tortoise -c server.db.TORTOISE_ORM makemigrations`.
TORTOISE_ORM = tortoise_config(os.environ.get("TANDEM_DATABASE_URL", "sqlite://:memory:"))


def describe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


async def pending_migrations(config: dict[str, Any]) -> list[str]:
    """Names of migrations on disk not yet applied to the connected database."""
    executor = MigrationExecutor(connections.get("default"), config["apps"])
    steps = await executor.plan()
    return [f"{s.migration.app_label}.{s.migration.name}" for s in steps if not s.backward]


def check_sqlite_folder(database_url: str) -> None:
    """SQLite cannot create its file in a folder that does not exist, and the driver then waits
    forever instead of failing (seen with `tandem migrate`): say so before connecting."""
    if not database_url.startswith("sqlite://"):
        return
    path = database_url[len("sqlite://") :].split("?", 1)[0]
    if path in ("", ":memory:"):
        return
    folder = Path(path).parent
    if not folder.is_dir():
        raise DatabaseError(f"the folder of the SQLite database does not exist: {folder}")


async def apply_migrations(
    database_url: str, progress: Callable[[str, str, str], object] | None = None
) -> None:
    check_sqlite_folder(database_url)
    config = tortoise_config(database_url)
    forget_statements()
    try:
        await tortoise_migrate(config=config, progress=progress)
    except (OSError, ConnectionError) as exc:
        raise DatabaseError(
            f"cannot reach the database at {describe(database_url)}: {exc}"
        ) from exc
    finally:
        await Tortoise.close_connections()


async def ping() -> bool:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True
