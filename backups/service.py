"""Taking a backup and restoring one, whichever the database: what the command line and the
daily schedule call.

Progress is reported as (stage, done, total) through one callback: stages are ``checksums``
(tables summed), ``copy`` (SQLite pages or PostgreSQL tables written) and ``verify``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg

from backups import files, postgres, sqlite
from backups.checksums import differences
from backups.errors import (
    DATABASE_ERROR,
    MISMATCH,
    UNSUPPORTED_DATABASE,
    WRONG_BACKEND,
    BackupError,
)
from backups.files import Manifest, TableSum
from models.i18n import msg

Progress = Callable[[str, int, int], None]


def backend_of(url: str) -> str:
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme == "sqlite":
        return "sqlite"
    if scheme in {"postgres", "postgresql", "asyncpg", "psycopg"}:
        return "postgres"
    raise BackupError(
        UNSUPPORTED_DATABASE, msg("cannot back up a database at {scheme}://", scheme=scheme or url)
    )


def _where(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url.split("?", 1)[0]
    return url.replace(f":{parts.password}@", ":***@", 1).split("?", 1)[0]


@contextmanager
def _database_errors(doing: str, url: str) -> Iterator[None]:
    """A database that cannot be reached, opened or written is one line naming it (without its
    password), not a traceback."""
    try:
        yield
    except asyncpg.InvalidCatalogNameError as exc:
        raise BackupError(
            DATABASE_ERROR,
            msg(
                "cannot {doing} {where}: {exc} (create it first: createdb)",
                doing=doing,
                where=_where(url),
                exc=exc,
            ),
        ) from exc
    except (OSError, sqlite3.Error, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise BackupError(
            DATABASE_ERROR,
            msg("cannot {doing} {where}: {exc}", doing=doing, where=_where(url), exc=exc),
        ) from exc


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    manifest: Manifest
    # The file was read back and matched its manifest (see `_check`).
    verified: bool
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Restored:
    manifest: Manifest
    found: dict[str, TableSum]
    problems: tuple[str, ...]

    @property
    def verified(self) -> bool:
        return not self.problems


def _stage(progress: Progress | None, stage: str) -> Callable[..., None] | None:
    if progress is None:
        return None

    def report(*args: object) -> None:
        done, total = args[-2], args[-1]
        assert isinstance(done, int) and isinstance(total, int)
        progress(stage, done, total)

    return report


async def take(url: str, folder: Path, at: datetime, progress: Progress | None = None) -> Written:
    """Back the database up into ``folder``; the file is named for ``at`` (UTC) and the backend."""
    backend = backend_of(url)
    final = await asyncio.to_thread(files.prepare, folder, backend, at)
    work = files.partial(final)
    try:
        with _database_errors("back up", url):
            if backend == "sqlite":
                tables = await asyncio.to_thread(
                    sqlite.backup,
                    sqlite.database_path(url),
                    work,
                    _stage(progress, "checksums"),
                    _stage(progress, "copy"),
                )
            else:
                tables = await postgres.backup(
                    url, work, _stage(progress, "checksums"), _stage(progress, "copy")
                )
        manifest = await asyncio.to_thread(
            files.seal,
            work,
            final,
            Manifest(backend=backend, created_at=at.isoformat(), tables=tables),
        )
    finally:
        await asyncio.to_thread(files.discard, work)
    problems = await _check(final, manifest)
    if progress:
        progress("verify", 1, 1)
    return Written(final, manifest, verified=not problems, problems=tuple(problems))


async def _check(path: Path, manifest: Manifest) -> list[str]:
    """Read the written file back: a SQLite copy is summed table by table against the manifest;
    a PostgreSQL archive must list the data of every table in it (a full check needs a restore,
    which `tandem restore` does)."""
    if manifest.backend == "sqlite":
        return await asyncio.to_thread(sqlite.verify_file, path, manifest.tables)
    archived = await postgres.archived_tables(path)
    return [f"{name}: no data in the archive" for name in sorted(manifest.tables.keys() - archived)]


async def restore(
    path: Path, url: str, *, force: bool, progress: Progress | None = None
) -> Restored:
    """Restore the backup at ``path`` into the database at ``url``, then compare every table
    with the manifest. Raises BackupError(VERIFY_MISMATCH) when they differ."""
    manifest = await asyncio.to_thread(files.open_backup, path)
    target = backend_of(url)
    if manifest.backend != target:
        raise BackupError(
            WRONG_BACKEND,
            msg(
                "{name} is a {backend} backup; the target database is {target}",
                name=path.name,
                backend=manifest.backend,
                target=target,
            ),
        )
    with _database_errors("restore into", url):
        if target == "sqlite":
            found = await asyncio.to_thread(
                sqlite.restore,
                path,
                sqlite.database_path(url),
                force=force,
                tables=_stage(progress, "verify"),
                pages=_stage(progress, "copy"),
            )
        else:
            found = await postgres.restore(
                path,
                url,
                force=force,
                tables_total=len(manifest.tables),
                tables=_stage(progress, "verify"),
                restored=_stage(progress, "copy"),
            )
    return Restored(manifest, found, tuple(differences(manifest.tables, found)))


def mismatch(restored: Restored) -> BackupError:
    return BackupError(
        MISMATCH,
        msg(
            "the restored database differs from the backup's manifest: {problems}",
            problems="; ".join(restored.problems),
        ),
    )
