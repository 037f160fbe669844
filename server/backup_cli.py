"""`tandem backup` and `tandem restore`: a backup of the whole database, and a restore into a
fresh one that is then compared table by table with the backup's manifest.

Exit codes: 0 done (and, for a restore, verified); 1 an error, printed with its code (a missing
file, a backup of the other backend, a target that is not empty, a missing pg_dump, a restore
that does not match its manifest).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table
from tortoise import Tortoise

from backups import service
from backups.errors import BackupError
from models import backup as runs
from models import clock
from server import db
from server.app import StartupError, open_database
from server.settings import Settings

console = Console(stderr=True, soft_wrap=True)
log = logging.getLogger("tandem.backup")
LABELS = {"checksums": "checksums", "copy": "copying", "verify": "verifying"}


class Bars:
    """One bar per stage, created when the stage first reports."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.bars: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.bars:
            self.bars[stage] = self.progress.add_task(LABELS.get(stage, stage), total=total)
        self.progress.update(self.bars[stage], completed=done, total=total)


def _progress() -> Progress:
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, console=console)


def _error(exc: BackupError) -> typer.Exit:
    console.print(f"[red]error:[/red] {escape(exc.message)} ({exc.code})")
    return typer.Exit(1)


async def _record(settings: Settings, started: datetime, written: service.Written) -> None:
    """List the backup with the others (the `backups` query); a database that cannot be opened
    for it (not migrated yet) keeps the file all the same."""
    try:
        await open_database(settings)
    except (StartupError, db.DatabaseError) as exc:
        console.print(f"[yellow]not listed in the database:[/yellow] {escape(str(exc))}")
        return
    try:
        await runs.record_manual(
            started_at=started,
            backend=written.manifest.backend,
            status=runs.DONE if written.verified else runs.FAILED,
            file_name=written.path.name,
            size_bytes=written.manifest.size,
            verified=written.verified,
            message="; ".join(written.problems),
        )
    finally:
        await Tortoise.close_connections()


async def _backup(settings: Settings, folder: Path) -> service.Written:
    started = clock.now()
    with _progress() as progress:
        written = await service.take(settings.database_url, folder, started, Bars(progress))
    await _record(settings, started, written)
    return written


def backup(
    to: Annotated[
        Path | None, typer.Option(help="Folder for the backup (default: TANDEM_BACKUP_DIR)")
    ] = None,
    database_url: Annotated[
        str | None, typer.Option(help="The database to back up (default: TANDEM_DATABASE_URL)")
    ] = None,
) -> None:
    """Back up the database (safe while the server runs): a file named for the UTC time and
    the backend, and a manifest beside it with row counts and checksums per table."""
    from server.cli import load_settings

    settings = load_settings(database_url=database_url)
    folder = to if to is not None else Path(settings.backup_dir)
    try:
        written = asyncio.run(_backup(settings, folder))
    except BackupError as exc:
        raise _error(exc) from exc
    rows = sum(t.rows for t in written.manifest.tables.values())
    console.print(
        f"backup written: {written.path} ({written.manifest.size:,} bytes, "
        f"{len(written.manifest.tables)} tables, {rows:,} rows)"
    )
    if not written.verified:
        for problem in written.problems:
            console.print(f"[red]{escape(problem)}[/red]")
        console.print("[red]error:[/red] the file does not match its manifest (VERIFY_MISMATCH)")
        raise typer.Exit(1)
    console.print(f"manifest: {written.path.name}.manifest.json; verified")


def restore(
    file: Annotated[Path, typer.Argument(help="A backup file written by `tandem backup`")],
    database_url: Annotated[
        str | None,
        typer.Option(help="The database to restore into (default: TANDEM_DATABASE_URL)"),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the contents of a database that is not empty")
    ] = False,
) -> None:
    """Restore a backup into an empty database (stop the servers first), then check every
    table's row count and checksum against the backup's manifest."""
    from server.cli import load_settings

    settings = load_settings(database_url=database_url)
    try:
        with _progress() as progress:
            restored = asyncio.run(
                service.restore(file, settings.database_url, force=force, progress=Bars(progress))
            )
    except BackupError as exc:
        raise _error(exc) from exc
    table = Table(title=f"Restored {file.name} into {db.describe(settings.database_url)}")
    for name in ("table", "rows", "in backup", "checksum"):
        table.add_column(name, justify="left" if name == "table" else "right")
    for name, want in sorted(restored.manifest.tables.items()):
        got = restored.found.get(name)
        same = got is not None and got.checksum == want.checksum
        table.add_row(
            name, str(got.rows if got else "-"), str(want.rows), "ok" if same else "DIFFERS"
        )
    console.print(table)
    if not restored.verified:
        raise _error(service.mismatch(restored))
    taken = datetime.fromisoformat(restored.manifest.created_at).astimezone(UTC)
    console.print(
        f"verified: {len(restored.found)} tables match the manifest"
        f" (backup of {taken:%Y-%m-%d %H:%M:%S} UTC)"
    )
