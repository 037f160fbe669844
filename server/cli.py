"""The `tandem` command: serve, worker, migrate, create-owner, demo, bench-data (and import,
rates, backup, restore, in their own modules)."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from rich.table import Table
from tortoise import Tortoise

from auth.passwords import check_policy, hash_password
from auth.roles import ensure_role_templates
from models.errors import DomainError
from models.i18n import supported
from models.user_actions import create_user
from realtime.bus import Bus
from server import db
from server.app import WS_PROTOCOL, StartupError, create_app, open_bus, open_database
from server.settings import Settings
from server.web_app import APP_PATH, has_build, web_dir

cli = typer.Typer(help="Tandem CRM backend.", no_args_is_help=True, add_completion=False)
console = Console(stderr=True, soft_wrap=True)


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as exc:
        for err in exc.errors():
            console.print(
                f"[red]configuration error:[/red] {err['msg'].removeprefix('Value error, ')}"
            )
        raise typer.Exit(2) from exc


def fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}")
    return typer.Exit(1)


async def _preflight(settings: Settings) -> None:
    """Open and close the database and the broker, so that a bad setup fails with one line."""
    await open_database(settings)
    await Tortoise.close_connections()
    bus = Bus(settings.broadcast_url)
    await open_bus(settings, bus)
    await bus.disconnect()


async def _migrate(settings: Settings) -> None:
    with Progress(TextColumn("{task.description}"), BarColumn(), console=console) as progress:
        task = progress.add_task("migrating", total=None)

        def report(action: str, app_label: str, name: str) -> None:
            progress.update(task, description=f"{action} {app_label}.{name}")

        await db.apply_migrations(settings.database_url, progress=report)
        # Template roles follow the shipped data: an upgrade's new defaults land with it.
        progress.update(task, description="role templates")
        await open_database(settings)
        try:
            await ensure_role_templates()
        finally:
            await Tortoise.close_connections()
        progress.update(task, total=1, completed=1, description="database is up to date")


def _serve(settings: Settings) -> None:
    try:
        asyncio.run(_preflight(settings))
    except (StartupError, db.DatabaseError) as exc:
        raise fail(str(exc)) from exc
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    console.print(f"Tandem on http://{settings.host}:{settings.port}/graphql")
    if has_build(web_dir(settings.web_dir)):
        console.print(f"web client on http://{settings.host}:{settings.port}{APP_PATH}/")
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        loop="auto",
        http="auto",
        ws=WS_PROTOCOL,
        lifespan="on",
        proxy_headers=True,
    )


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
) -> None:
    """Start the API server (run `tandem migrate` first)."""
    _serve(load_settings(host=host, port=port))


@cli.command()
def worker() -> None:
    """Run background jobs (imports, reminders, ...) apart from the API processes; set
    TANDEM_JOBS_IN_PROCESS=false on those. SIGTERM or Ctrl-C stops it."""
    from server.worker_cli import serve_worker

    settings = load_settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        asyncio.run(serve_worker(settings))
    except (StartupError, db.DatabaseError) as exc:
        raise fail(str(exc)) from exc


@cli.command()
def migrate() -> None:
    """Apply pending database migrations."""
    settings = load_settings()
    try:
        asyncio.run(_migrate(settings))
    except db.DatabaseError as exc:
        raise fail(str(exc)) from exc


async def _create_owner(settings: Settings, email: str, name: str, password: str) -> str:
    await open_database(settings)
    try:
        check_policy(password, email=email)
        roles = await ensure_role_templates()
        user = await create_user(
            email=email, name=name, role=roles["owner"], password_hash=hash_password(password)
        )
        return user.email
    finally:
        await Tortoise.close_connections()


@cli.command("create-owner")
def create_owner(
    email: Annotated[str, typer.Option(prompt=True, help="The owner's e-mail")],
    name: Annotated[str, typer.Option(prompt=True, help="The owner's full name")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="TANDEM_OWNER_PASSWORD",
            help="At least 12 characters",
        ),
    ],
) -> None:
    """Create an Owner account: the first user of a new installation."""
    settings = load_settings()
    try:
        created = asyncio.run(_create_owner(settings, email, name, password))
    except (StartupError, db.DatabaseError) as exc:
        raise fail(str(exc)) from exc
    except DomainError as exc:
        raise fail(exc.message) from exc
    console.print(f"[green]owner created:[/green] {created}")


async def _load_demo(settings: Settings, language: str) -> None:
    from server.demo_data import DEMO_PASSWORD, demo_loaded, demo_users, load_demo

    await open_database(settings)
    try:
        if await demo_loaded():
            console.print("demo data already loaded")
            counts = None
        else:
            with console.status("loading demo data"):
                summary = await load_demo(language=language)
            counts = (
                f"{summary.companies} companies, {summary.contacts} contacts, {summary.deals} deals"
            )
        # Printed on every start: a newcomer who restarts must still learn how to sign in.
        users = await demo_users()
    finally:
        await Tortoise.close_connections()
    table = Table(title=f"Demo users (password: {DEMO_PASSWORD})")
    table.add_column("role")
    table.add_column("e-mail")
    for role, email in users:
        table.add_row(role, email)
    console.print(table)
    if counts:
        console.print(counts)


@cli.command()
def demo(
    host: Annotated[str | None, typer.Option(help="Interface to bind")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    language: Annotated[
        str, typer.Option(help="Language of the demo's labels and users: en, es or fr")
    ] = "en",
) -> None:
    """Migrate, load a demo company (once) and serve it."""
    if supported(language) != language.lower():
        raise typer.BadParameter("one of en, es, fr", param_hint="--language")
    settings = load_settings(host=host, port=port)
    try:
        asyncio.run(_migrate(settings))
        asyncio.run(_load_demo(settings, language.lower()))
    except (StartupError, db.DatabaseError) as exc:
        raise fail(str(exc)) from exc
    _serve(settings)


@cli.command("bench-data")
def bench_data(
    size: Annotated[
        str, typer.Option(help="tiny, smb (2,000 companies, 20,000 contacts, ...) or mid (10x smb)")
    ] = "smb",
    database_url: Annotated[
        str | None, typer.Option(help="An empty database (default: TANDEM_DATABASE_URL)")
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same rows")
    ] = 2026,
) -> None:
    """Fill an empty database with deterministic benchmark data (see benchmarks/README.md)."""
    from rich.progress import MofNCompleteColumn, TimeElapsedColumn

    from server.bench_data import SIZES, BenchDataRefused, load

    if size not in SIZES:
        raise typer.BadParameter(f"one of {', '.join(SIZES)}", param_hint="--size")
    settings = load_settings(database_url=database_url)
    columns = (TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
        bars: dict[str, TaskID] = {}

        def report(table: str, done: int, total: int) -> None:
            if table not in bars:
                bars[table] = progress.add_task(table, total=total)
            progress.update(bars[table], completed=done)

        try:
            loaded = asyncio.run(
                load(settings.database_url, SIZES[size], seed=seed, progress=report)
            )
        except (StartupError, db.DatabaseError, BenchDataRefused) as exc:
            raise fail(str(exc)) from exc
    state = "already loaded" if loaded.reused else "loaded"
    console.print(f"{state}: " + ", ".join(f"{n:,} {t}" for t, n in loaded.counts.items()))
    console.print(f"sign in as any of {', '.join(e for _, e in loaded.users)}")


def main() -> None:
    cli()


def _register_subcommands() -> None:
    from server.backup_cli import backup, restore
    from server.import_cli import import_cli
    from server.rates_cli import rates_cli

    cli.add_typer(import_cli, name="import")
    cli.add_typer(rates_cli, name="rates")
    cli.command()(backup)
    cli.command()(restore)


_register_subcommands()
