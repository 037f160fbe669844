"""`python -m benchmarks.run reports`: p50/p95 of each report query on `tandem bench-data` data.

The server runs as a subprocess (benchmarks/server.py) on PostgreSQL (the compare database of
the size, loaded when missing and kept); each case is one report request over HTTP, sent one at a
time, as the demo Owner (every deal) and the demo Salesperson (its department's deals, amounts
hidden). Bench deals have no closedAt, so won deals count by their last change, as the report
documents. Results go to results/reports.md; nothing is asserted.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Annotated, Any

import httpx
import orjson
import typer

from benchmarks.commands.common import RAW, RESULTS, command_line, console, error, stamp
from benchmarks.harness import (
    BenchError,
    create_missing_database,
    database_version,
    load_average,
    open_bench_database,
    server_process,
    sign_in,
    vacuum,
)
from server.app import StartupError
from server.bench_data import SIZES, BenchDataRefused, demo_email, load
from server.demo_data import DEMO_PASSWORD

DATABASE = "postgres://postgres@127.0.0.1:5432/tandem_bench_{size}"
SALES = """query($from: Date!, $to: Date!, $period: ReportPeriod!, $groupBy: SalesGroup!) {
  salesReport(from: $from, to: $to, period: $period, groupBy: $groupBy) {
    rows { period groupId currency count revenue { amount } average { amount } }
    byCurrency { period groupId currency count revenue { amount } }
    comparison { groupId current { count revenue { amount } } previous { count } }
  }
}"""
FUNNEL = """query($from: Date!, $to: Date!, $period: ReportPeriod!) {
  funnelReport(from: $from, to: $to, period: $period) {
    total { created won lost stages { entered advanced conversionToNext timeInStage { median p90 } }
            cycleTime { median p90 } }
    cohorts { period created stages { entered won } }
    lostReasons { reason count }
  }
}"""
REPS = """query($from: Date!, $to: Date!) {
  repPerformance(from: $from, to: $to) {
    reps { ownerId dealsCreated dealsWon dealsLost wonRevenue { amount } activities { kind count }
           tasksDone tasksOverdue newLeads timeToFirstContact { median } }
  }
}"""
INTERACTIONS = """query($from: Date!, $to: Date!, $silentDays: Int) {
  interactionReport(from: $from, to: $to, timeZone: "Europe/Madrid", silentDays: $silentDays) {
    total byHour { hour count } byWeekday { weekday count } byKind { key count }
    byOutcome { key count } silentTotal silentCustomers { contact { id } lastInteractionAt }
  }
}"""
CUSTOMERS = """query($from: Date!, $to: Date!) {
  customerReport(from: $from, to: $to) {
    customers segments { segment count } topBy
    topCustomers { contact { id } wonCount revenue { amount } recencyDays }
    forecastVsActual { period currency openCount forecast { amount } }
  }
}"""
YEAR = {"from": "2025-07-01", "to": "2026-06-30"}
CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "salesReport month": (SALES, {**YEAR, "period": "MONTH", "groupBy": "NONE"}),
    "salesReport week x owner": (SALES, {**YEAR, "period": "WEEK", "groupBy": "OWNER"}),
    "salesReport quarter x company": (SALES, {**YEAR, "period": "QUARTER", "groupBy": "COMPANY"}),
    "funnelReport month": (FUNNEL, {**YEAR, "period": "MONTH"}),
    "repPerformance": (REPS, YEAR),
    "interactionReport": (INTERACTIONS, YEAR),
    "interactionReport silent 30 days": (INTERACTIONS, {**YEAR, "silentDays": 30}),
    "customerReport": (CUSTOMERS, YEAR),
}
ROLES = ("owner", "salesperson")


def reports(
    size: Annotated[str, typer.Option(help="bench-data size: tiny, smb or mid")] = "smb",
    database_url: Annotated[str, typer.Option(help="PostgreSQL database (default per size)")] = "",
    requests: Annotated[int, typer.Option(help="Timed requests per case and role")] = 50,
    warmup: Annotated[int, typer.Option(help="Untimed requests per case and role first")] = 5,
    write: Annotated[bool, typer.Option(help="Update results/reports.md")] = True,
) -> None:
    """Each report's p50/p95 as Owner and Salesperson (issue 19: aim < 300 ms at mid)."""
    if size not in SIZES:
        raise typer.BadParameter(f"one of {', '.join(SIZES)}", param_hint="--size")
    try:
        _run(size, database_url or DATABASE.format(size=size), requests, warmup, write)
    except (BenchError, BenchDataRefused, StartupError) as exc:
        error(exc)
        raise typer.Exit(1) from exc


def _time(client: httpx.Client, token: str, query: str, variables: dict[str, Any]) -> float:
    started = time.perf_counter()
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    elapsed = time.perf_counter() - started
    body = orjson.loads(response.content)
    if response.status_code != 200 or body.get("errors"):
        raise BenchError(f"report failed: {response.status_code} {body}")
    return elapsed * 1000


def _run(size: str, url: str, requests: int, warmup: int, write: bool) -> None:
    asyncio.run(create_missing_database(url))
    database = asyncio.run(open_bench_database(url))
    loaded = asyncio.run(load(database.url, SIZES[size], progress=lambda *_: None))
    asyncio.run(vacuum(database.url))
    version = asyncio.run(database_version(database.url))
    RAW.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, float, float]] = []
    with (
        (RAW / "server-reports.log").open("wb") as log,
        server_process(database.url, log) as server,
        httpx.Client(base_url=server.base_url, timeout=120) as client,
    ):
        tokens = {r: sign_in(client, demo_email(r), DEMO_PASSWORD) for r in ROLES}
        for name, (query, variables) in CASES.items():
            for role in ROLES:
                for _ in range(warmup):
                    _time(client, tokens[role], query, variables)
                samples = [_time(client, tokens[role], query, variables) for _ in range(requests)]
                p95 = statistics.quantiles(samples, n=20, method="inclusive")[18]
                rows.append((name, role, statistics.median(samples), p95))
                console.print(f"{name:<32} {role:<12} p50 {rows[-1][2]:7.1f} ms  p95 {p95:7.1f} ms")
    counts = ", ".join(f"{n:,} {t}" for t, n in loaded.counts.items())
    text = "\n".join(
        [
            f"# Reports ({size})",
            "",
            f"`{command_line()}` at {stamp()}: {counts}; {version}; load after "
            f"{load_average()}. {requests} sequential requests per row, after {warmup} untimed.",
            "",
            "| report | caller | p50 ms | p95 ms |",
            "|---|---|---|---|",
            *(f"| {n} | {r} | {p50:.1f} | {p95:.1f} |" for n, r, p50, p95 in rows),
            "",
        ]
    )
    if write:
        (RESULTS / f"reports-{size}.md").write_text(text)
        console.print(f"results: benchmarks/results/reports-{size}.md")
