"""Contact import at scale: a generated CSV of N contacts imported with `tandem import contacts`.

Each size runs on a fresh database (migrated, one owner) in a subprocess of its own, timed from
start to exit; its peak memory is the child's ``ru_maxrss`` from ``os.wait4``, so it covers
everything the import holds (the file is streamed, so it should not grow with N). The run is
then checked: N contacts, N audit entries and N outbox events must exist.
"""

from __future__ import annotations

import asyncio
import csv
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from benchmarks.harness import (
    ROOT,
    BenchError,
    backend_of,
    database_version,
    drop_bench_database,
    machine,
    open_bench_database,
)

DATA = ROOT / "benchmarks" / ".data"
OWNER = "import.owner@bench.test"
PASSWORD = "bench-import-passphrase-0123"
TANDEM = [str(Path(sys.executable).parent / "tandem")]
SIZES = (10_000, 100_000)
# One database per run (the process id in its name), so that two runs at once on the shared
# PostgreSQL never reset or drop each other's.
PG_DATABASE = f"tandem_bench_import_{os.getpid()}"
SECTIONS = ("sqlite", "postgres")
# Kept as written: A/B runs (before and after a change, several each, medians) that someone ran
# by hand with this command or the same timing, with the load they ran at.
RUNS = "runs"
HEADER = ["firstName", "lastName", "email", "phone", "city", "country", "tags"]


def contacts_csv(rows: int) -> Path:
    """A CSV of ``rows`` distinct, valid contacts (generated once, streamed to disk)."""
    path = DATA / f"contacts-{rows}.csv"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in range(rows):
            out.writerow(
                [
                    f"First{i}",
                    f"Last{i}",
                    f"person{i}@example.com",
                    # Spanish mobile numbers: +34 6 and eight digits, all distinct and valid.
                    f"+34 6{i:08d}",
                    ("Madrid", "Sevilla", "Valencia", "Bilbao")[i % 4],
                    "ES",
                    "imported;bench",
                ]
            )
    partial.rename(path)
    return path


@dataclass(frozen=True, slots=True)
class ImportRun:
    rows: int
    seconds: float
    # Inserting one outbox event per row (500 a statement, as the import does), timed alone.
    events_seconds: float
    peak_rss_kib: int
    cpu_seconds: float
    contacts: int
    audit_entries: int
    events: int

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def _env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    env.update(
        # The code of this checkout: the venv's `tandem` is an editable install that may point
        # at another worktree (a shared venv), and a console script's path does not hold cwd.
        PYTHONPATH=str(ROOT),
        TANDEM_DATABASE_URL=database_url,
        TANDEM_BROADCAST_URL="memory://",
        TANDEM_OWNER_PASSWORD=PASSWORD,
        TANDEM_ARGON2_PROFILE="cheapest",
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(TANDEM + args, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchError(f"`tandem {' '.join(args)}` failed: {done.stderr[-2000:]}")


def _reset(database_url: str) -> None:
    if backend_of(database_url) == "sqlite":
        Path(database_url.split("://", 1)[1]).unlink(missing_ok=True)
    else:
        asyncio.run(_reset_schema(database_url))


async def _reset_schema(database_url: str) -> None:
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await conn.close()


async def _counts(database_url: str) -> tuple[int, int, int]:
    sql = (
        "SELECT (SELECT COUNT(*) FROM contact),"
        " (SELECT COUNT(*) FROM audit_entry WHERE action = 'contact.create'),"
        " (SELECT COUNT(*) FROM outbox_event WHERE object = 'contact')"
    )
    if backend_of(database_url) == "sqlite":
        with closing(sqlite3.connect(database_url.split("://", 1)[1])) as conn:
            a, b, c = conn.execute(sql).fetchone()
            return int(a), int(b), int(c)
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        row = await conn.fetchrow(sql)
    finally:
        await conn.close()
    return int(row[0]), int(row[1]), int(row[2])


async def _events_cost(database_url: str, rows: int) -> float:
    """Seconds to insert ``rows`` contact events the way the import does, then removed: what
    per-row events cost over one summary event per batch (one row each, next to nothing)."""
    from tortoise import Tortoise
    from tortoise.transactions import in_transaction

    from models.outbox import OutboxEvent
    from server.db import tortoise_config

    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    try:
        sample = await OutboxEvent.filter(object="contact").order_by("-id").first()
        if sample is None:
            raise BenchError("the import wrote no events")
        started = time.perf_counter()
        for start in range(0, rows, 500):
            batch = [
                OutboxEvent(
                    at=sample.at,
                    kind=sample.kind,
                    object=sample.object,
                    record_id=sample.record_id,
                    topics=sample.topics,
                    changed=sample.changed,
                    values=sample.values,
                    actor_id=sample.actor_id,
                )
                for _ in range(min(500, rows - start))
            ]
            async with in_transaction():
                await OutboxEvent.bulk_create(batch)
        seconds = time.perf_counter() - started
        await OutboxEvent.filter(id__gt=sample.id).delete()
        return seconds
    finally:
        await Tortoise.close_connections()


def import_once(database_url: str, rows: int) -> ImportRun:
    file = contacts_csv(rows)
    env = _env(database_url)
    _reset(database_url)
    _run(["migrate"], env)
    _run(["create-owner", "--email", OWNER, "--name", "Bench Owner"], env)
    args = ["import", "contacts", str(file), "--as-user", OWNER]
    started = time.perf_counter()
    child = subprocess.Popen(
        TANDEM + args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    # Read stderr as it comes (the progress bars), so the child never blocks on a full pipe.
    tail = child.stderr.read()[-2000:]
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise BenchError(f"the import failed: {tail.decode(errors='replace')}")
    contacts, audit, events = asyncio.run(_counts(database_url))
    if (contacts, audit, events) != (rows, rows, rows):
        raise BenchError(f"expected {rows} of each, got {contacts}, {audit}, {events}")
    events_seconds = asyncio.run(_events_cost(database_url, rows))
    return ImportRun(
        rows=rows,
        seconds=seconds,
        events_seconds=events_seconds,
        peak_rss_kib=usage.ru_maxrss,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        contacts=contacts,
        audit_entries=audit,
        events=events,
    )


def run_sizes(database_url: str, sizes: tuple[int, ...]) -> tuple[str, list[ImportRun]]:
    """(database description, one run per size) on a bench database of its own."""
    database = asyncio.run(open_bench_database(database_url, PG_DATABASE))
    if database.backend == "postgres" and not database.owned:
        # Each size starts from an empty schema: never do that to a database we did not make.
        raise BenchError("give a PostgreSQL server URL without a database name (postgres://HOST/)")
    try:
        version = asyncio.run(database_version(database.url))
        return version, [import_once(database.url, n) for n in sizes]
    finally:
        asyncio.run(drop_bench_database(database))


def section(version: str, runs: list[ImportRun], command: str) -> str:
    facts = machine()
    lines = [
        f"## {version}",
        "",
        "| measure | " + " | ".join(f"{r.rows:,} rows" for r in runs) + " |",
        "|---|" + "---:|" * len(runs),
        "| wall time, s | " + " | ".join(f"{r.seconds:.1f}" for r in runs) + " |",
        "| rows/s | " + " | ".join(f"{r.rows_per_second:,.0f}" for r in runs) + " |",
        "| CPU of the import process, s | "
        + " | ".join(f"{r.cpu_seconds:.1f}" for r in runs)
        + " |",
        "| of which one outbox event per row (timed alone), s | "
        + " | ".join(
            f"{r.events_seconds:.1f} ({100 * r.events_seconds / r.seconds:.0f}%)" for r in runs
        )
        + " |",
        "| peak RSS of the import process, MiB | "
        + " | ".join(f"{r.peak_rss_kib / 1024:.0f}" for r in runs)
        + " |",
        "| contacts / audit entries / outbox events written | "
        + " | ".join(f"{r.contacts:,} / {r.audit_entries:,} / {r.events:,}" for r in runs)
        + " |",
        "",
        f"- machine: {facts['cpu']}; {facts['os']}; Python {facts['python']}",
        f"- packages: {facts['packages']}",
        f"- load average (1, 5, 15 min) after: {facts['load']}",
        f"- date: {facts['date']}; revision {facts['revision']}",
        f"- reproduce: `{command}`",
        "",
    ]
    return "\n".join(lines)


INTRO = """# Contact import

`tandem import contacts FILE --as-user OWNER` on a generated CSV (distinct valid contacts:
name, e-mail, phone, city, country, two tags), one fresh database per size. The job reads the
file twice (a checking pass, duplicates inside the file found through the `import_key` table;
then a writing pass of 500-row transactions: on PostgreSQL one COPY each for the batch's
contacts, audit entries and outbox events, their ids drawn from the sequences first; on SQLite
one INSERT per contact and one multi-row INSERT each for the audit entries and events). Peak
memory is the import process's `ru_maxrss` (Python, the app's modules and the streamed batch):
it should not grow with the file. The events row times inserting as many outbox events the same
way (500 per statement) on its own, after the import: that is what one event per row costs
compared with one summary event per batch. Quote medians of several runs: the machine is shared.
The backends' sections are generated by `python -m benchmarks.run import` and never edited by
hand; the runs section at the end (A/B runs, medians) is written by whoever ran them and kept.
"""


def update_results(path: Path, name: str, text: str) -> None:
    """Replace one backend's section of the results file, keeping the other."""
    sections: dict[str, str] = {}
    if path.exists():
        old = path.read_text()
        for key in (*SECTIONS, RUNS):
            start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
            if start in old and end in old:
                sections[key] = old.split(start, 1)[1].split(end, 1)[0].strip("\n")
    sections[name] = text.strip("\n")
    body = [INTRO]
    for key in (*SECTIONS, RUNS):
        if key in sections:
            body += [f"<!-- {key}:start -->", sections[key], f"<!-- {key}:end -->", ""]
    path.write_text("\n".join(body))
