"""Deterministic benchmark data: departments, users, a pipeline, companies, contacts and deals.

The same ``--seed`` and sizes give the same rows (created_at included: it is drawn, not "now").
Rows are bulk-inserted in batches, one transaction per table. Seeding is idempotent: a database
already seeded with the same sizes is reused as it is; any other non-empty database is refused.

    python -m benchmarks.seed sqlite://benchmarks/.data/bench.sqlite3 --deals 20000

Every user signs in with ``BENCH_PASSWORD``; the benchmark's two callers are
``owner@bench.tandem.test`` and ``salesperson@bench.tandem.test``, both in the first department.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from tortoise import Tortoise
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.transactions import in_transaction

from auth.passwords import hash_password
from auth.roles import ensure_role_templates
from models import Company, Contact, Deal, Department, Pipeline, Stage, User
from models.access.role_templates import TEMPLATES
from models.user_actions import create_user
from server import db
from server.app import StartupError, open_database
from server.demo_data import FIRST, INDUSTRIES, LAST, PLACES, SALES_STAGES, SUFFIXES, WORDS
from server.settings import Settings

BENCH_DOMAIN = "bench.tandem.test"
BENCH_PASSWORD = "tandem-bench-2026"
DEPARTMENT_NAMES = ("Iberia", "DACH", "France", "Benelux", "Nordics", "Italy", "Poland", "UK")
# Every timestamp is drawn back from this fixed moment, so that reruns give identical rows.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
BATCH = 1000

M = TypeVar("M", bound=Model)
console = Console(stderr=True)


class SeedRefused(Exception):
    """The database holds something other than this benchmark's data."""


@dataclass(frozen=True, slots=True)
class SeedConfig:
    deals: int = 20_000
    departments: int = 5
    sellers_per_department: int = 8
    companies: int = 2_000
    contacts: int = 5_000
    seed: int = 2026

    def check(self) -> None:
        if not 1 <= self.departments <= len(DEPARTMENT_NAMES):
            raise ValueError(f"departments must be between 1 and {len(DEPARTMENT_NAMES)}")
        if min(self.deals, self.sellers_per_department, self.companies, self.contacts) < 1:
            raise ValueError("every size must be at least 1")


DEFAULTS = SeedConfig()


@dataclass(frozen=True, slots=True)
class SeedSummary:
    """What the benchmark needs to know about the data, read back from the database."""

    deals: int
    departments: int
    users: int
    companies: int
    contacts: int
    # Deals the bench salesperson may read: their department's, plus their own elsewhere.
    salesperson_visible: int
    reused: bool


def bench_email(key: str) -> str:
    return f"{key.replace('_', '.')}@{BENCH_DOMAIN}"


def _department_names(config: SeedConfig) -> list[str]:
    return [f"Bench {n}" for n in DEPARTMENT_NAMES[: config.departments]]


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
    )


async def _bulk(model: type[M], rows: Sequence[M], progress: Progress, label: str) -> None:
    """Insert ``rows`` in batches inside one transaction, advancing a progress bar."""
    task = progress.add_task(label, total=len(rows))
    async with in_transaction():
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            await model.bulk_create(chunk)
            progress.advance(task, len(chunk))


def _drawn_time(rng: random.Random, days: int = 730) -> datetime:
    return EPOCH - timedelta(seconds=rng.randrange(days * 24 * 3600))


async def _summary(*, reused: bool) -> SeedSummary:
    salesperson = await User.get(email_key=bench_email("salesperson"))
    home_ids = await salesperson.departments.all().values_list("id", flat=True)
    # The same rule as the gate's "department" read scope: own rows, or the department's.
    visible = await Deal.filter(
        Q(owner_id=salesperson.id) | Q(department_id__in=list(home_ids)), deleted_at__isnull=True
    ).count()
    return SeedSummary(
        deals=await Deal.all().count(),
        departments=await Department.filter(name__startswith="Bench ").count(),
        users=await User.all().count(),
        companies=await Company.all().count(),
        contacts=await Contact.all().count(),
        salesperson_visible=visible,
        reused=reused,
    )


async def _already_seeded(config: SeedConfig) -> bool:
    """True for this benchmark's data at these sizes; SeedRefused for anything else."""
    users = await User.all().count()
    if users == 0 and not await Deal.exists():
        return False
    if not await User.filter(email_key=bench_email("salesperson")).exists():
        raise SeedRefused(f"the database is not empty ({users} users) and was not seeded here")
    found = {
        "deals": await Deal.all().count(),
        "departments": await Department.filter(name__startswith="Bench ").count(),
        "companies": await Company.all().count(),
        "contacts": await Contact.all().count(),
    }
    wanted = {
        "deals": config.deals,
        "departments": config.departments,
        "companies": config.companies,
        "contacts": config.contacts,
    }
    if found != wanted:
        raise SeedRefused(
            f"the database holds benchmark data of other sizes ({found}); use a fresh database"
        )
    return True


async def _people(
    config: SeedConfig, departments: list[Department]
) -> tuple[dict[int, list[User]], User]:
    """One user per role template in the first department, plus salespeople everywhere.

    Returns the deal owners per department id (the bench salesperson among the first
    department's) and the bench salesperson.
    """
    roles = await ensure_role_templates()
    password_hash = hash_password(BENCH_PASSWORD)
    home = departments[0]
    named = {}
    for template in TEMPLATES:
        named[template.key] = await create_user(
            email=bench_email(template.key),
            name=f"Bench {template.name}",
            role=roles[template.key],
            password_hash=password_hash,
            departments=[home],
        )
    sellers: dict[int, list[User]] = {}
    for d, dept in enumerate(departments):
        sellers[dept.id] = [
            await create_user(
                email=f"seller.{d + 1}.{i + 1}@{BENCH_DOMAIN}",
                name=f"{FIRST[(d * 7 + i) % len(FIRST)]} {LAST[(d * 5 + i) % len(LAST)]}",
                role=roles["salesperson"],
                password_hash=password_hash,
                departments=[dept],
            )
            for i in range(config.sellers_per_department)
        ]
    sellers[home.id].append(named["salesperson"])
    return sellers, named["salesperson"]


async def _load(config: SeedConfig, progress: Progress) -> None:
    rng = random.Random(config.seed)
    async with in_transaction():
        departments = [await Department.create(name=name) for name in _department_names(config)]
        sellers, salesperson = await _people(config, departments)
        pipeline = await Pipeline.create(name="Bench sales", position=0)
        stages = [
            await Stage.create(
                pipeline=pipeline,
                name=name,
                position=i,
                probability=probability,
                color=color,
                is_won=name == "Won",
                is_lost=name == "Lost",
            )
            for i, (name, probability, color) in enumerate(SALES_STAGES)
        ]

    def spot() -> tuple[Department, User]:
        dept = rng.choice(departments)
        return dept, rng.choice(sellers[dept.id])

    company_rows = []
    for i in range(config.companies):
        country, city = rng.choice(PLACES)
        name = f"{rng.choice(WORDS)} {rng.choice(SUFFIXES)} {i + 1}"
        dept, owner = spot()
        company_rows.append(
            Company(
                name=name,
                domain=f"{name.lower().replace(' ', '-')}.example",
                industry=rng.choice(INDUSTRIES),
                size=rng.choice(["1-10", "11-50", "51-200", "201-1000"]),
                country=country,
                city=city,
                owner=owner,
                department=dept,
                created_at=_drawn_time(rng),
            )
        )
    await _bulk(Company, company_rows, progress, "companies")
    # bulk_create does not set auto-increment keys: read the rows back, in insertion order.
    companies = list(await Company.all().order_by("id"))

    contact_rows = []
    for i in range(config.contacts):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company = rng.choice(companies)
        contact_rows.append(
            Contact(
                first_name=first,
                last_name=last,
                email=f"{first.lower()}.{last.lower()}.{i}@{company.domain}",
                phone=f"+3460{rng.randrange(1_000_000, 9_999_999)}",
                position=rng.choice(["CEO", "Buyer", "Operations", "Finance", "IT lead"]),
                company_id=company.id,
                country=company.country,
                city=company.city,
                lifecycle_stage=rng.choice(["lead", "prospect", "customer"]),
                source=rng.choice(["web", "referral", "event", "cold call"]),
                owner_id=company.owner_id,
                department_id=company.department_id,
                created_at=_drawn_time(rng),
            )
        )
    await _bulk(Contact, contact_rows, progress, "contacts")
    contacts_of: dict[int, list[int]] = {}
    for contact_id, company_id in (
        await Contact.all().order_by("id").values_list("id", "company_id")
    ):
        contacts_of.setdefault(company_id, []).append(contact_id)

    own_elsewhere = 0
    positions: dict[int, int] = {}
    deal_rows = []
    for _ in range(config.deals):
        dept, owner = spot()
        # A few of the bench salesperson's deals sit in other departments: "own" scope at work.
        if dept is not departments[0] and rng.random() < 0.002:
            owner, own_elsewhere = salesperson, own_elsewhere + 1
        company = rng.choice(companies)
        contact_ids = contacts_of.get(company.id)
        stage = rng.choice(stages)
        positions[stage.id] = positions.get(stage.id, 0) + 1024
        amount = Decimal(rng.randrange(500, 120_000))
        deal_rows.append(
            Deal(
                title=f"{rng.choice(['Licences', 'Renewal', 'Pilot', 'Rollout'])} for "
                f"{company.name}",
                pipeline_id=pipeline.id,
                stage_id=stage.id,
                position=positions[stage.id],
                amount=amount,
                cost=(amount * Decimal(rng.uniform(0.3, 0.8))).quantize(Decimal("0.01")),
                currency=rng.choice(["EUR", "EUR", "EUR", "USD", "GBP"]),
                probability=stage.probability,
                expected_close=(EPOCH + timedelta(days=rng.randrange(-60, 180))).date(),
                contact_id=rng.choice(contact_ids) if contact_ids else None,
                company_id=company.id,
                status="won" if stage.is_won else "lost" if stage.is_lost else "open",
                owner_id=owner.id,
                department_id=dept.id,
                created_at=_drawn_time(rng),
            )
        )
    await _bulk(Deal, deal_rows, progress, "deals")


async def seed(database_url: str, config: SeedConfig | None = None) -> SeedSummary:
    """Migrate ``database_url`` and fill it (or reuse it if it already holds this data)."""
    config = config or SeedConfig()
    config.check()
    await db.apply_migrations(database_url)
    await open_database(Settings(database_url=database_url, _env_file=None))  # type: ignore[call-arg]
    try:
        if await _already_seeded(config):
            return await _summary(reused=True)
        with _progress() as progress:
            await _load(config, progress)
        return await _summary(reused=False)
    finally:
        await Tortoise.close_connections()


def describe(summary: SeedSummary) -> str:
    state = "reused" if summary.reused else "seeded"
    return (
        f"{state}: {summary.deals} deals in {summary.departments} departments, "
        f"{summary.users} users, {summary.companies} companies, {summary.contacts} contacts; "
        f"the bench salesperson may read {summary.salesperson_visible} deals"
    )


cli = typer.Typer(add_completion=False, help=__doc__.split("\n\n")[0] if __doc__ else None)


@cli.command()
def main(
    database_url: Annotated[str, typer.Argument(help="sqlite://PATH or postgres://.../db")],
    deals: Annotated[int, typer.Option(help="Number of deals")] = DEFAULTS.deals,
    departments: Annotated[int, typer.Option(help="Departments")] = DEFAULTS.departments,
    sellers: Annotated[
        int, typer.Option(help="Salespeople per department")
    ] = DEFAULTS.sellers_per_department,
    companies: Annotated[int, typer.Option(help="Companies")] = DEFAULTS.companies,
    contacts: Annotated[int, typer.Option(help="Contacts")] = DEFAULTS.contacts,
    seed_value: Annotated[int, typer.Option("--seed", help="Random seed")] = DEFAULTS.seed,
) -> None:
    """Seed DATABASE_URL with benchmark data (idempotent; refuses a foreign non-empty DB)."""
    config = SeedConfig(deals, departments, sellers, companies, contacts, seed_value)
    try:
        summary = asyncio.run(seed(database_url, config))
    except (SeedRefused, ValueError, db.DatabaseError, StartupError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    console.print(describe(summary))


if __name__ == "__main__":
    cli()
