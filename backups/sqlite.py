"""SQLite: backup through the online backup API, restore the same way in the other direction.

The backup opens a read transaction on the live database first, then computes the manifest and
copies the pages inside it: the copy and the manifest are the same snapshot, while the server
keeps writing (Tandem's SQLite runs in WAL mode, so writers are not blocked by the reader).
Copying in steps lets a progress bar move; holding the read transaction keeps the steps on one
snapshot (without it, another connection's write restarts the copy). These functions block;
callers run them in a thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from backups.checksums import TableProgress, differences, sqlite_tables
from backups.errors import TARGET_NOT_EMPTY, UNSUPPORTED_DATABASE, BackupError
from backups.files import TableSum
from models.i18n import msg

PAGES_PER_STEP = 256
# (pages done, pages in all)
PageProgress = Callable[[int, int], None]


def database_path(url: str) -> Path:
    rest = url.split("://", 1)[1].split("?", 1)[0]
    if not rest or rest == ":memory:":
        raise BackupError(
            UNSUPPORTED_DATABASE, msg("{url} is an in-memory database: nothing to back up", url=url)
        )
    return Path(rest)


def _connect_existing(path: Path) -> sqlite3.Connection:
    # mode=rw: a mistyped path is an error, not a new empty database.
    return sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None, timeout=30)


def _copy(
    source: sqlite3.Connection, target: sqlite3.Connection, pages: PageProgress | None
) -> None:
    def step(_status: int, remaining: int, total: int) -> None:
        if pages:
            pages(total - remaining, total)

    source.backup(target, pages=PAGES_PER_STEP, progress=step)


def backup(
    source_path: Path, dest: Path, tables: TableProgress | None, pages: PageProgress | None
) -> dict[str, TableSum]:
    """Copy the database to ``dest``; the manifest's tables of the copied snapshot."""
    if not source_path.is_file():
        raise BackupError(
            UNSUPPORTED_DATABASE,
            msg("no SQLite database at {source_path}", source_path=source_path),
        )
    source = _connect_existing(source_path)
    try:
        source.execute("BEGIN")
        sums = sqlite_tables(source, tables)
        target = sqlite3.connect(dest)
        try:
            _copy(source, target, pages)
            # The copy is one self-contained file: no -wal beside it.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        source.execute("COMMIT")
    finally:
        source.close()
    return sums


def verify_file(path: Path, expected: dict[str, TableSum]) -> list[str]:
    """What differs between a database file and a manifest (empty: it matches)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            return [f"integrity check: {check}"]
        return differences(expected, sqlite_tables(conn))
    finally:
        conn.close()


def is_empty(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    finally:
        conn.close()


def restore(
    backup_path: Path,
    target_path: Path,
    *,
    force: bool,
    tables: TableProgress | None,
    pages: PageProgress | None,
) -> dict[str, TableSum]:
    """Copy the backup over ``target_path``; the target's tables as restored."""
    if not force and not is_empty(target_path):
        raise BackupError(
            TARGET_NOT_EMPTY,
            msg(
                "the target database {target_path} is not empty; restore into a new "
                "one or pass --force to replace its contents",
                target_path=target_path,
            ),
        )
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path, timeout=30)
    try:
        _copy(source, target, pages)
        # The server runs SQLite in WAL mode; the restored database is left the way it expects.
        target.execute("PRAGMA journal_mode = WAL")
        return sqlite_tables(target, tables)
    finally:
        source.close()
        target.close()
