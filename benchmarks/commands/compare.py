"""`python -m benchmarks.run compare`: Tandem vs PostGraphile v5 on the same PostgreSQL data
(scenarios 1-4 and 6 of the table)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Annotated

import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from benchmarks import compare as cmp
from benchmarks import compare_report as report
from benchmarks import summary
from benchmarks.commands.common import RAW, command_line, console, error, stamp
from benchmarks.harness import (
    ROOT,
    BenchError,
    create_missing_database,
    database_version,
    load_average,
    machine,
    open_bench_database,
    server_process,
    vacuum,
)
from server.app import StartupError
from server.bench_data import SIZES, BenchDataRefused, Loaded, load
from server.db import DatabaseError

COMPARE_DATABASE = "postgres://postgres@127.0.0.1:5432/tandem_bench_{size}"
ERRORS = (BenchError, BenchDataRefused, StartupError, DatabaseError)


@dataclass(frozen=True, slots=True)
class Plan:
    size: str = "smb"
    database_url: str = ""
    rounds: int = 3
    seconds: float = 5
    warmup: float = 3
    contact: int = 1
    pin_load: str = ""
    write: bool = True


def compare(
    size: Annotated[str, typer.Option(help="bench-data size: tiny, smb or mid")] = "smb",
    database_url: Annotated[
        str,
        typer.Option(help="PostgreSQL database (created and loaded when missing; kept for reruns)"),
    ] = "",
    rounds: Annotated[int, typer.Option(help="Timed runs of every case; medians are reported")] = 3,
    seconds: Annotated[float, typer.Option(help="Seconds per wrk run")] = 5,
    warmup: Annotated[float, typer.Option(help="Untimed seconds per case first")] = 3,
    contact: Annotated[int, typer.Option(help="Contact id of the record-detail scenario")] = 1,
    pin_load: Annotated[
        str, typer.Option(help="Run wrk under `taskset -c CPUS` (e.g. 1); default: unpinned")
    ] = "",
    write: Annotated[bool, typer.Option(help="Update results/compare.md and the README")] = True,
) -> None:
    """Tandem vs PostGraphile v5 on the same PostgreSQL data (board, list, record, move, floor)."""
    if size not in SIZES:
        raise typer.BadParameter(f"one of {', '.join(SIZES)}", param_hint="--size")
    try:
        run(Plan(size, database_url, rounds, seconds, warmup, contact, pin_load, write))
    except ERRORS as exc:
        error(exc)
        raise typer.Exit(1) from exc


def _load(url: str, size: str) -> Loaded:
    with Progress(
        TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as progress:
        bars: dict[str, TaskID] = {}

        def report_load(table: str, done: int, total: int) -> None:
            if table not in bars:
                bars[table] = progress.add_task(table, total=total)
            progress.update(bars[table], completed=done)

        return asyncio.run(load(url, SIZES[size], progress=report_load))


def run(plan: Plan) -> None:
    url = plan.database_url or COMPARE_DATABASE.format(size=plan.size)
    asyncio.run(create_missing_database(url))
    database = asyncio.run(open_bench_database(url))
    loaded = _load(database.url, plan.size)
    console.print(("reusing " if loaded.reused else "loaded ") + str(loaded.counts))
    asyncio.run(vacuum(database.url))
    facts = machine()
    facts["database"] = asyncio.run(database_version(database.url))
    RAW.mkdir(parents=True, exist_ok=True)
    with (
        (RAW / "server-compare.log").open("wb") as log,
        (RAW / "peer-compare.log").open("wb") as peer_log,
        server_process(database.url, log) as server,
        cmp.peer_process(database.url, peer_log) as peer,
    ):
        tandem = f"{server.base_url}/graphql"
        token = cmp.owner_token(server.base_url)
        fixture = cmp.prepare(tandem, token, peer, plan.contact)
        all_cases = cmp.cases(tandem, token, peer, f"{server.base_url}/bench/floor", fixture)
        with console.status("") as status:
            measured = cmp.measure(
                all_cases,
                rounds=plan.rounds,
                seconds=plan.seconds,
                warmup=plan.warmup,
                pin_cpu=plan.pin_load or None,
                progress=lambda text: status.update(text),
            )
    facts["load_after"] = load_average()
    console.print(report.table(report.rows(measured)), highlight=False)
    command = command_line()
    payload = {
        "facts": facts,
        "command": command,
        "notes": _notes(plan, loaded, facts),
        **report.raw(measured),
    }
    raw = cmp.raw_path(stamp())
    raw.write_bytes(orjson.dumps(payload, option=orjson.OPT_INDENT_2))
    console.print(f"raw samples: {raw.relative_to(ROOT)}")
    if plan.write:
        summary.keep(summary.compare_name(plan.size), payload)
        summary.refresh()
        console.print("results: benchmarks/results/compare.md and benchmarks/README.md")


def _notes(plan: Plan, loaded: Loaded, facts: dict[str, str]) -> list[str]:
    """What the numbers of scenarios 1-4 and 6 were measured on, under the table."""
    return [
        f"data: `tandem bench-data --size {plan.size}` ("
        + ", ".join(f"{n:,} {t}" for t, n in loaded.counts.items())
        + f"); {facts['database']}",
        f"load: wrk, {plan.rounds} rounds per case after {plan.warmup:g} s of warm-up, each run "
        f"at least {plan.seconds:g} s and long enough for 20 requests per connection (at most "
        "30 s), servers taking turns; numbers are medians of the rounds"
        + (f"; wrk pinned to CPU {plan.pin_load}" if plan.pin_load else ""),
        "Tandem: `benchmarks/server.py` (uvicorn, uvloop, httptools, one process), signed in as "
        "the Owner; PostGraphile: `benchmarks/peer/server.mjs` (v5, amber preset, Node 22, "
        "no auth, no row permissions) on the same database",
        "dealMove: Tandem's dealMove (version, stage history, audit and outbox in one "
        "transaction) vs PostGraphile's `updateDeal` (one UPDATE)",
    ]
