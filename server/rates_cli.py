"""`tandem rates import FILE --as-user EMAIL [--format csv|ecb]`: exchange rates from a file.

The same checks and write as the ``exchangeRatesImport`` mutation, as the given user (who needs
exchangeRate create and update): every row is checked first; any bad row is listed with its
line and error code, nothing is written and the exit code is 1. Otherwise every rate is set in
one unit of work (each with its audit entry and event) and the exit code is 0. ``--format``
defaults from the file's name: ``.xml`` is the ECB feed, anything else CSV.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from tortoise import Tortoise

from imports import rates as rates_file
from models import money
from models.access.principals import principal_for_user
from models.access.records import RecordAccess
from models.errors import DomainError, NotFound
from models.exchange_actions import set_rates
from models.i18n import msg
from models.user import User
from server import db
from server.app import StartupError, open_database
from server.settings import Settings

rates_cli = typer.Typer(help="Exchange rates.", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise rates_file.FileRefused("The file is not UTF-8 text", "NOT_TEXT") from exc


async def _import(settings: Settings, email: str, content: str, fmt: str) -> int:
    await open_database(settings)
    try:
        user = await User.get_or_none(email=email.strip().lower())
        if user is None:
            raise NotFound(msg("No user {email}", email=email))
        access = RecordAccess.of_principal(await principal_for_user(user.id, None), "exchangeRate")
        access.require("create")
        access.require("update")
        access.check_write(["currency", "rate", "validOn"])
        rows = rates_file.read(content, fmt, await money.base_currency())
        done = await set_rates(
            [(r.currency, r.rate, r.valid_on) for r in rows], f"cli:{fmt}", user.id
        )
        return len(done)
    finally:
        await Tortoise.close_connections()


@rates_cli.command("import")
def import_rates(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or ECB XML")],
    as_user: Annotated[str, typer.Option("--as-user", help="Import as this user (e-mail)")],
    format: Annotated[
        str | None, typer.Option("--format", help="csv or ecb (default: from the file name)")
    ] = None,
) -> None:
    """Import dated exchange rates: all of them, or none when any row is bad."""
    from server.cli import fail, load_settings

    fmt = format or ("ecb" if file.suffix.lower() == ".xml" else "csv")
    if fmt not in rates_file.FORMATS:
        raise typer.BadParameter(f"one of {', '.join(rates_file.FORMATS)}", param_hint="--format")
    settings = load_settings()
    try:
        count = asyncio.run(_import(settings, as_user, _text(file), fmt))
    except (StartupError, db.DatabaseError) as exc:
        raise fail(str(exc)) from exc
    except rates_file.RowsRefused as exc:
        for error in exc.errors:
            console.print(f"line {error.line}: {error.code}: {error.message}")
        raise fail(exc.message) from exc
    except DomainError as exc:
        reason = exc.extensions.get("reason")
        raise fail(exc.message + (f" ({reason})" if reason else "")) from exc
    console.print(f"imported {count} exchange rate(s) from {file.name}")
