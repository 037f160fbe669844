"""`tandem bench-data`: a deterministic CRM of a given size, for benchmarks.

The people (a demo user per role template, in the demo's departments, who sign in with the
demo password), the pipeline and its stages are made through the ORM, as `tandem demo` makes
them; the six big tables are then written in chunks of explicit-id rows (server/bench_data/
rows.py) with COPY on PostgreSQL and executemany on SQLite (server/bench_data/writer.py), in
one transaction. Loading is idempotent: a database already holding this size is left as it is;
any other non-empty database is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from auth.passwords import hash_password
from auth.roles import ensure_role_templates
from models import Activity, Comment, Company, Contact, Deal, Department, Pipeline, Stage, Task
from models.access.role_templates import TEMPLATES
from models.user import User
from models.user_actions import create_user
from server import db
from server.bench_data import rows
from server.bench_data.writer import Row, open_writer
from server.demo_data import DEMO_DOMAIN, DEMO_PASSWORD, SALES_STAGES
from server.settings import Settings

PIPELINE = "Bench sales"
# The board's five columns: the demo's stages up to Won (no Lost column).
STAGES = SALES_STAGES[:5]
HOME = {"marketing": "Marketing", "support": "Support"}


class BenchDataRefused(Exception):
    """The database holds something other than benchmark data of this size."""


@dataclass(frozen=True, slots=True)
class Size:
    companies: int
    contacts: int
    deals: int
    activities: int
    tasks: int
    comments: int

    def scaled(self, factor: int) -> Size:
        return Size(*(getattr(self, f.name) * factor for f in fields(self)))


SMB = Size(2_000, 20_000, 5_000, 100_000, 10_000, 20_000)
SIZES = {"tiny": Size(20, 200, 300, 1_000, 100, 200), "smb": SMB, "mid": SMB.scaled(10)}


@dataclass(frozen=True, slots=True)
class Loaded:
    counts: dict[str, int]
    users: list[tuple[str, str]]  # (template key, e-mail)
    reused: bool


def demo_email(template_key: str) -> str:
    return f"{template_key.replace('_', '.')}@{DEMO_DOMAIN}"


# (table, columns, row generator, model): in foreign-key order.
TABLES: list[tuple[str, tuple[str, ...], Callable[[rows.Plan], Iterator[list[Row]]], Any]] = [
    ("company", rows.COMPANY_COLUMNS, rows.companies, Company),
    ("contact", rows.CONTACT_COLUMNS, rows.contacts, Contact),
    ("deal", rows.DEAL_COLUMNS, rows.deals, Deal),
    ("activity", rows.ACTIVITY_COLUMNS, rows.activities, Activity),
    ("task", rows.TASK_COLUMNS, rows.tasks, Task),
    ("comment", rows.COMMENT_COLUMNS, rows.comments, Comment),
]


async def _counts() -> dict[str, int]:
    return {table: await model.all().count() for table, _, _, model in TABLES}


def _wanted(size: Size) -> dict[str, int]:
    return {
        "company": size.companies,
        "contact": size.contacts,
        "deal": size.deals,
        "activity": size.activities,
        "task": size.tasks,
        "comment": size.comments,
    }


async def _people_and_pipeline(size: Size, seed: int) -> rows.Plan:
    async with in_transaction():
        roles = await ensure_role_templates()
        departments = {
            n: (await Department.get_or_create(name=n))[0]
            for n in ("Sales", "Marketing", "Support")
        }
        password_hash = hash_password(DEMO_PASSWORD)
        owners = []
        for template in TEMPLATES:
            department = departments[HOME.get(template.key, "Sales")]
            user = await create_user(
                email=demo_email(template.key),
                name=f"Demo {template.name}",
                role=roles[template.key],
                password_hash=password_hash,
                departments=[department],
            )
            owners.append(rows.Owner(user.id, department.id))
        pipeline = await Pipeline.create(name=PIPELINE, position=0)
        stages = []
        for i, (name, probability, color) in enumerate(STAGES):
            stage = await Stage.create(
                pipeline=pipeline,
                name=name,
                position=i,
                probability=probability,
                color=color,
                is_won=name == "Won",
            )
            stages.append((stage.id, probability, "won" if stage.is_won else "open"))
    sizes = {f.name: getattr(size, f.name) for f in fields(size)}
    return rows.Plan(seed=seed, owners=owners, pipeline_id=pipeline.id, stages=stages, **sizes)


Progress = Callable[[str, int, int], None]  # (table, rows written so far, total)


async def load(database_url: str, size: Size, *, seed: int = 2026, progress: Progress) -> Loaded:
    """Migrate ``database_url`` and fill it with ``size`` (or reuse it if it holds exactly it)."""
    await db.apply_migrations(database_url)
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    from server.app import open_database

    await open_database(settings)
    try:
        return await fill(database_url, size, seed=seed, progress=progress)
    finally:
        await Tortoise.close_connections()


async def fill(database_url: str, size: Size, *, seed: int = 2026, progress: Progress) -> Loaded:
    """``load`` on a migrated database whose ORM connection is already open."""
    counts = await _counts()
    users = [(t.key, demo_email(t.key)) for t in TEMPLATES]
    if any(counts.values()) or await User.exists():
        if counts == _wanted(size) and await User.filter(email_key=demo_email("owner")).exists():
            return Loaded(counts, users, reused=True)
        raise BenchDataRefused(
            f"the database is not empty ({counts}); bench-data fills an empty database"
        )
    plan = await _people_and_pipeline(size, seed)
    writer = await open_writer(database_url)
    try:
        for table, columns, generate, _ in TABLES:
            total, done = _wanted(size)[table], 0
            progress(table, 0, total)
            for chunk in generate(plan):
                await writer.write(table, columns, chunk)
                done += len(chunk)
                progress(table, done, total)
    except BaseException:
        await writer.abort()
        raise
    await writer.finish([t[0] for t in TABLES])
    return Loaded(_wanted(size), users, reused=False)
