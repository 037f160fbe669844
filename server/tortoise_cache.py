"""The one private Tortoise name server/ relies on: the executor's statement cache.

Tortoise builds each model's INSERT/DELETE statements once per process and caches them by
connection name ("default") and table, not by database kind. A process that opens SQLite and
then PostgreSQL under the same name (the test suite running `tandem` commands in-process; a
tool that migrates one database and serves another) would send SQLite's statements to
PostgreSQL (a syntax error) or PostgreSQL's `$1` placeholders to SQLite. Forgetting the cache
whenever connections are opened costs one statement build per model, once.

tests/server/test_tortoise_cache.py is the contract test: it fails if Tortoise renames or
reshapes the cache, and shows the switch between database kinds working in one process.
"""

from __future__ import annotations

from tortoise.backends.base import executor


def forget_statements() -> None:
    """Drop every cached statement; the next use of each model builds them for its database."""
    executor.EXECUTOR_CACHE.clear()
