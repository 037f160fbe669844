"""`python -m benchmarks.run permission-overhead`: Salesperson vs Owner on one 200-row list."""

from __future__ import annotations

import asyncio
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import httpx
import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from benchmarks import permission_overhead as po
from benchmarks.commands.common import RESULTS, command_line, console, stamp
from benchmarks.harness import (
    ROOT,
    BenchError,
    database_version,
    drop_bench_database,
    interleaved,
    load_average,
    machine,
    open_bench_database,
    server_process,
    sign_in,
)
from benchmarks.seed import BENCH_PASSWORD, DEFAULTS, SeedConfig, SeedRefused, seed
from server.app import StartupError
from server.db import DatabaseError

DEFAULT_SQLITE = f"sqlite://{ROOT / 'benchmarks' / '.data' / 'bench.sqlite3'}"
LABELS = {
    po.OWNER: "Owner",
    po.SALESPERSON: "Salesperson",
    po.BASELINE: "baseline (no GraphQL, no permissions)",
}


def permission_overhead(
    database_url: Annotated[
        str,
        typer.Option(
            help="sqlite://PATH, or postgres://HOST/ (a tandem_bench database is created and "
            "dropped) or postgres://HOST/DB (used as it is)"
        ),
    ] = DEFAULT_SQLITE,
    deals: Annotated[int, typer.Option(help="Deals to seed")] = DEFAULTS.deals,
    departments: Annotated[int, typer.Option(help="Departments")] = DEFAULTS.departments,
    runs: Annotated[int, typer.Option(help="Timed rounds (one request per arm each)")] = 400,
    warmup: Annotated[int, typer.Option(help="Untimed rounds first")] = 20,
    baseline: Annotated[bool, typer.Option(help="Time the no-permission baseline too")] = True,
    count_sql: Annotated[bool, typer.Option(help="Count SQL statements per request")] = True,
    keep_database: Annotated[bool, typer.Option(help="Keep a created PostgreSQL DB")] = False,
    fresh: Annotated[bool, typer.Option(help="Delete the SQLite file and seed anew")] = False,
    write: Annotated[bool, typer.Option(help="Update results/permission-overhead.md")] = True,
    budget: Annotated[float, typer.Option(help="Allowed Salesperson/Owner ratio")] = 1.15,
    gc_freeze: Annotated[
        bool,
        typer.Option(
            help="Experiment: the server calls gc.freeze() after startup (results file untouched)"
        ),
    ] = False,
) -> None:
    """Salesperson vs Owner on the same 200-row deal list (issue 4: at most 15% slower)."""
    if runs < 10:
        raise typer.BadParameter("at least 10 runs", param_hint="--runs")
    if fresh and database_url.startswith("sqlite://"):
        Path(database_url.split("://", 1)[1]).unlink(missing_ok=True)
    config = SeedConfig(deals=max(deals, po.PAGE), departments=departments)
    try:
        _permission_overhead(
            database_url,
            config,
            Plan(runs, warmup, baseline, count_sql, keep_database, write, budget, gc_freeze),
        )
    except (BenchError, SeedRefused, StartupError, DatabaseError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc


@dataclass(frozen=True, slots=True)
class Plan:
    runs: int
    warmup: int
    baseline: bool
    count_sql: bool
    keep_database: bool
    write: bool
    budget: float
    gc_freeze: bool


def _permission_overhead(database_url: str, config: SeedConfig, plan: Plan) -> None:
    runs, warmup, budget = plan.runs, plan.warmup, plan.budget
    database = asyncio.run(open_bench_database(database_url))
    facts = machine()
    RESULTS.joinpath("raw").mkdir(parents=True, exist_ok=True)
    log_path = RESULTS / "raw" / f"server-{database.backend}.log"
    try:
        summary = asyncio.run(seed(database.url, config))
        console.print(
            f"{'reusing' if summary.reused else 'seeded'} {summary.deals} deals; "
            f"the salesperson may read {summary.salesperson_visible}"
        )
        if summary.salesperson_visible < po.PAGE:
            raise BenchError("the salesperson must see at least a full page; seed more deals")
        facts["database"] = asyncio.run(database_version(database.url))
        with (
            log_path.open("wb") as log,
            server_process(database.url, log, ["--gc-freeze"] if plan.gc_freeze else []) as server,
            httpx.Client(base_url=server.base_url, timeout=60) as client,
        ):
            tokens = {r: sign_in(client, po.caller_email(r), BENCH_PASSWORD) for r in po.ROLES}
            arms = [
                po.graphql_arm(po.OWNER, tokens[po.OWNER], po.page_check(po.OWNER, summary.deals)),
                po.graphql_arm(
                    po.SALESPERSON,
                    tokens[po.SALESPERSON],
                    po.page_check(po.SALESPERSON, summary.salesperson_visible),
                ),
            ]
            if plan.baseline:
                po.same_page(client, tokens[po.OWNER])
                arms.append(po.baseline_arm(po.page_check(po.BASELINE, summary.deals)))
            with Progress(
                TextColumn("rounds"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as progress:
                task = progress.add_task("rounds", total=warmup + runs)
                samples = interleaved(
                    client,
                    arms,
                    runs=runs,
                    warmup=warmup,
                    server_cpu_ns=server.cpu_ns if server.measures_cpu else None,
                    progress=lambda done: progress.update(task, completed=done),
                )
        sql = asyncio.run(po.sql_statements(database.url)) if plan.count_sql else {}
    finally:
        if not plan.keep_database:
            asyncio.run(drop_bench_database(database))

    table = po.rows(samples, LABELS, sql)
    ratios = po.Ratios.of(samples)
    facts["load_after"] = load_average()
    _print(table, ratios, budget, facts["database"])

    extra = {
        "data": f"{summary.deals} deals in {summary.departments} departments "
        f"({summary.salesperson_visible} readable by the salesperson), {summary.companies} "
        f"companies, {summary.contacts} contacts, {summary.users} users; seed {config.seed}",
        "runs": f"{runs} timed rounds per arm after {warmup} warm-up rounds, interleaved",
        "client": "httpx, one keep-alive HTTP/1.1 connection over loopback, one request at a time",
        "server": "`benchmarks/server.py`: create_app() under uvicorn (uvloop, httptools), "
        "one process, access log off",
    }
    if plan.baseline:
        owner_s, base_s = (statistics.median(samples.seconds[a]) for a in (po.OWNER, po.BASELINE))
        extra["Owner / baseline median"] = f"{owner_s / base_s:.2f}"
    if samples.cpu_seconds:
        extra["server CPU"] = (
            "the server process's CPU time (all threads, from /proc schedstat) from one "
            "request's start to the next's; PostgreSQL's own processes are not in it"
        )
    if plan.gc_freeze:
        extra["server"] += "; EXPERIMENT: gc.freeze() after startup (not what `tandem serve` does)"
    command = command_line()
    raw = RESULTS / "raw" / f"permission-overhead-{database.backend}-{stamp()}.json"
    raw.write_bytes(
        orjson.dumps(
            {
                "facts": facts,
                "extra": extra,
                "sql": sql,
                "seconds": samples.seconds,
                "server_cpu_seconds": samples.cpu_seconds,
            },
            option=orjson.OPT_INDENT_2,
        )
    )
    console.print(f"raw samples: {raw.relative_to(ROOT)}")
    if plan.gc_freeze:
        console.print("gc.freeze() experiment: results/permission-overhead.md left as it was")
    elif plan.write:
        section = po.markdown_section(
            facts=facts, rows=table, ratios=ratios, budget=budget, command=command, extra=extra
        )
        target = RESULTS / "permission-overhead.md"
        po.update_results(target, database.backend, section)
        console.print(f"results: {target.relative_to(ROOT)}")


def _print(rows: list[po.Row], ratios: po.Ratios, budget: float, database: str) -> None:
    table = Table(title=f"200-row deal list on {database}")
    for column in ("arm", "p25 ms", "median ms", "p90 ms", "CPU ms (mean)", "SQL", "KiB"):
        table.add_column(column, justify="left" if column == "arm" else "right")
    for row in rows:
        table.add_row(
            row.label,
            f"{row.wall.p25 * 1000:.1f}",
            f"{row.wall.median * 1000:.1f}",
            f"{row.wall.p90 * 1000:.1f}",
            "-" if row.cpu_ms is None else f"{row.cpu_ms:.1f}",
            "-" if row.sql is None else str(row.sql),
            f"{row.response_kib:.0f}",
        )
    console.print(table)
    colour = "green" if ratios.median <= budget else "red"
    console.print(f"[{colour}]{ratios.summary(budget)}[/{colour}]")
