"""`tandem import contacts FILE --as-user EMAIL`: the import job, run from a terminal.

The same job as ``POST /import/contacts`` (same checks, as the given user, through the gate),
reading the file where it lies, with a progress bar per pass. Exit code 0 when the job is done,
1 when it was rejected (bad rows without --skip-invalid) or failed.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table
from tortoise import Tortoise

from models import import_job as states
from models.access.principals import principal_for_user
from models.access.records import RecordAccess
from models.errors import DomainError, NotFound
from models.i18n import msg
from models.import_job import ImportJob, ImportRowError
from models.user import User
from resolvers.import_jobs import create_job, run_job
from server import db
from server.app import StartupError, open_database
from server.settings import Settings

import_cli = typer.Typer(help="Import records from CSV or XLSX files.", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)
SHOWN_ERRORS = 20


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    if not pairs:
        return None
    out = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column or not field:
            raise typer.BadParameter(f"{pair!r}: use COLUMN=field", param_hint="--mapping")
        out[column] = field
    return out


class Bars:
    """One bar for the checking pass (rows read) and one for the writing pass (rows written)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.checking: TaskID = progress.add_task("checking", total=None)
        self.writing: TaskID | None = None

    def __call__(self, job: ImportJob) -> None:
        self.progress.update(self.checking, completed=job.rows_read)
        if job.state == states.WRITING:
            if self.writing is None:
                self.progress.update(self.checking, total=job.rows_read)
                self.writing = self.progress.add_task("writing", total=job.rows_valid)
            self.progress.update(self.writing, completed=job.rows_written, total=job.rows_valid)


async def _import(
    settings: Settings,
    path: Path,
    email: str,
    mapping: dict[str, str] | None,
    dry: bool,
    skip: bool,
) -> tuple[ImportJob, list[ImportRowError]]:
    await open_database(settings)
    try:
        user = await User.get_or_none(email=email.strip().lower())
        if user is None:
            raise NotFound(msg("No user {email}", email=email))
        contacts = RecordAccess.of_principal(await principal_for_user(user.id, None), "contact")
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
        job = await create_job(
            contacts,
            path,
            fmt,
            file_name=path.name,
            mapping=mapping,
            dry_run=dry,
            skip_invalid=skip,
        )
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=console) as progress:
            job = await run_job(
                job.pk, contacts, path, Bars(progress), batch_size=settings.import_batch_size
            )
        errors = await ImportRowError.filter(job_id=job.pk).order_by("id").limit(SHOWN_ERRORS)
        return job, errors
    finally:
        await Tortoise.close_connections()


@import_cli.command("contacts")
def import_contacts(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX file")],
    as_user: Annotated[str, typer.Option("--as-user", help="Import as this user (e-mail)")],
    mapping: Annotated[
        list[str] | None, typer.Option(help="COLUMN=field, repeatable (default: headers)")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Write the good rows despite bad ones")
    ] = False,
) -> None:
    """Import contacts: every row checked first; nothing written if any is bad (unless
    --skip-invalid)."""
    from server.cli import fail, load_settings

    settings = load_settings()
    try:
        job, errors = asyncio.run(
            _import(settings, file, as_user, _mapping(mapping or []), dry_run, skip_invalid)
        )
    except (StartupError, db.DatabaseError) as exc:
        raise fail(str(exc)) from exc
    except DomainError as exc:
        field = exc.extensions.get("field")
        raise fail(f"{exc.message}" + (f" ({field})" if field else "")) from exc
    table = Table(title=f"Import of {file.name}: {job.state}")
    for name in ("rows read", "valid", "invalid", "written"):
        table.add_column(name, justify="right")
    table.add_row(*map(str, (job.rows_read, job.rows_valid, job.rows_invalid, job.rows_written)))
    console.print(table)
    for error in errors:
        console.print(f"row {error.row}: {error.field or '-'}: {error.message}")
    if job.rows_invalid > len(errors):
        console.print(f"... and {job.rows_invalid - len(errors)} more (importJob errors)")
    if job.message:
        console.print(f"[red]{job.message}[/red]")
    if job.state != states.DONE:
        raise typer.Exit(1)
