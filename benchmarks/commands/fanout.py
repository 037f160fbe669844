"""`python -m benchmarks.run fanout`: N pipelineEvents subscribers, one deal moved at a time."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from typing import Annotated

import httpx
import orjson
import typer

from benchmarks import fanout as fo
from benchmarks import fanout_clients as fc
from benchmarks import fanout_report as report
from benchmarks import peer_fanout as pf
from benchmarks import summary
from benchmarks.commands.common import RAW, RESULTS, command_line, console, error, stamp
from benchmarks.harness import (
    ROOT,
    BenchError,
    database_version,
    drop_bench_database,
    load_average,
    machine,
    open_bench_database,
    server_process,
    sign_in,
)
from benchmarks.seed import BENCH_PASSWORD, SeedConfig, SeedRefused, describe, seed
from server.app import StartupError
from server.db import DatabaseError

FANOUT_SQLITE = ROOT / "benchmarks" / ".data" / "fanout.sqlite3"
# One database per run (the process id in its name): runs started by several people at once on
# this shared PostgreSQL must not drop each other's database, as one fixed name did.
FANOUT_PG_DATABASE = f"tandem_bench_fanout_{os.getpid()}"
# Small on purpose: the scenario is about sockets, not data.
FANOUT_SEED = SeedConfig(
    deals=12, departments=1, sellers_per_department=2, companies=10, contacts=20
)
COUNTS = [1000, 5000]
# What a failed run raises; `all` catches these to go on with the next scenario.
ERRORS = (BenchError, SeedRefused, StartupError, DatabaseError, RuntimeError, TimeoutError)


@dataclass(frozen=True, slots=True)
class Plan:
    database_url: str = ""  # empty: a fresh SQLite file
    broadcast_url: str = "memory://"
    counts: tuple[int, ...] = tuple(COUNTS)
    processes: int = 1
    moves: int = 20
    warmup: int = 2
    pause: float = 0.3
    timeout: float = 120
    profile: bool = False
    write: bool = True
    peer: bool = False


def fanout(
    database_url: Annotated[
        str,
        typer.Option(
            help="sqlite://PATH (default: a fresh benchmarks/.data/fanout.sqlite3), or "
            "postgres://HOST/ (a tandem_bench_fanout_PID database is created and dropped)"
        ),
    ] = "",
    broadcast_url: Annotated[str, typer.Option(help="memory:// or redis://HOST:PORT/DB")] = (
        "memory://"
    ),
    subscribers: Annotated[
        list[int] | None, typer.Option(help="Subscriber counts, one server each (repeatable)")
    ] = None,
    processes: Annotated[int, typer.Option(help="Client processes sharing the sockets")] = 1,
    moves: Annotated[int, typer.Option(help="Timed deal moves per subscriber count")] = 20,
    warmup: Annotated[int, typer.Option(help="Untimed moves after the sockets open")] = 2,
    pause: Annotated[float, typer.Option(help="Seconds between moves")] = 0.3,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for one event's fan-out")] = 120,
    profile: Annotated[
        bool,
        typer.Option(help="Run the server under cProfile; print its hot spots (results untouched)"),
    ] = False,
    write: Annotated[
        bool, typer.Option(help="Update results/fanout.md (and the table, see README)")
    ] = True,
    peer: Annotated[
        bool,
        typer.Option(help="Then the same on PostGraphile v5 (PostgreSQL only), side by side"),
    ] = False,
) -> None:
    """N pipelineEvents subscribers over websockets; one deal moved over HTTP at a time."""
    counts = tuple(subscribers or COUNTS)
    if min(counts) < len(fc.ROLES) or processes < 1 or moves < 2:
        raise typer.BadParameter("at least 3 subscribers, 1 process and 2 moves")
    plan = Plan(
        database_url,
        broadcast_url,
        counts,
        processes,
        moves,
        warmup,
        pause,
        timeout,
        profile=profile,
        write=write and not profile,
        peer=peer,
    )
    try:
        run(plan)
    except ERRORS as exc:
        error(exc)
        raise typer.Exit(1) from exc


def run(plan: Plan) -> None:
    database_url = plan.database_url
    if not database_url:
        FANOUT_SQLITE.unlink(missing_ok=True)
        database_url = f"sqlite://{FANOUT_SQLITE}"
    database = asyncio.run(open_bench_database(database_url, FANOUT_PG_DATABASE))
    if database.owned:  # start from an empty database every time
        asyncio.run(drop_bench_database(database))
        database = asyncio.run(open_bench_database(database_url, FANOUT_PG_DATABASE))
    if plan.peer and database.backend != "postgres":
        raise BenchError("the peer runs on PostgreSQL only: pass --database-url postgres://")
    limit = fc.raise_open_files(max(plan.counts) + 1024)
    facts = machine()
    RAW.mkdir(parents=True, exist_ok=True)
    results: list[fo.FanoutResult] = []
    peer_results: list[fo.FanoutResult] = []
    try:
        summary_ = asyncio.run(seed(database.url, FANOUT_SEED))
        console.print(describe(summary_))
        facts["database"] = asyncio.run(database_version(database.url))
        for n in plan.counts:
            results.append(_tandem(plan, database.url, database.backend, n))
        if plan.peer:
            peer_results = pf.run_peer(
                database.url,
                list(plan.counts),
                processes=plan.processes,
                moves=plan.moves,
                warmup=plan.warmup,
                pause=plan.pause,
                timeout=plan.timeout,
                log_dir=RAW,
                log=_say,
            )
            for result in peer_results:
                report.print_result(result)
    finally:
        asyncio.run(drop_bench_database(database))
    facts["load_after"] = load_average()
    command = command_line()
    bad = [r for r in results + peer_results if r.problems or r.missing]
    payload = {
        "facts": facts,
        "open_files": limit,
        "backend": database.backend,
        "broadcast_url": plan.broadcast_url,
        "command": command,
        "ok": not bad,
        "results": results,
        "peer": peer_results,
    }
    raw = RAW / f"fanout-{database.backend}-{stamp()}.json"
    raw.write_bytes(
        orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_DATACLASS)
    )
    console.print(f"raw samples: {raw.relative_to(ROOT)}")
    if plan.write and not bad:
        _write(plan, facts, database.backend, results, peer_results, command)
        if summary.feeds_table_fanout(payload):
            summary.keep("fanout", payload)
            summary.refresh()
            console.print("table: benchmarks/README.md and results/compare.md (rows 5)")
        else:
            console.print(
                "the table's fan-out rows come from PostgreSQL + Redis with --peer; "
                "this run left them as they were"
            )
    if bad:
        raise BenchError("some subscribers missed events or saw what they must not; see above")


def _say(text: str) -> None:
    console.print(text, highlight=False)


def _tandem(plan: Plan, url: str, backend: str, n: int) -> fo.FanoutResult:
    log_path = RAW / f"server-fanout-{backend}-{n}.log"
    prof = RAW / f"fanout-{backend}-{n}-{stamp()}.prof"
    options = ["--broadcast-url", plan.broadcast_url, "--backlog", str(max(2048, n))]
    if plan.profile:
        options += ["--profile", str(prof)]
    with (
        log_path.open("wb") as log,
        server_process(url, log, options, stop_timeout=120) as server,
        httpx.Client(base_url=server.base_url, timeout=60) as client,
    ):
        tokens = {r: sign_in(client, report.email(r), BENCH_PASSWORD) for r in fc.ROLES}
        result = fo.run_fanout(
            target=fo.tandem_target(server.base_url, tokens),
            server_pid=server.pid,
            server_cpu_ns=server.cpu_ns,
            subscribers=n,
            processes=plan.processes,
            moves=plan.moves,
            warmup=plan.warmup,
            pause=plan.pause,
            timeout=plan.timeout,
            log=_say,
        )
        result.load = load_average()
    report.print_result(result)
    if plan.profile:
        report.print_profile(prof)
    return result


def _write(
    plan: Plan,
    facts: dict[str, str],
    backend: str,
    results: list[fo.FanoutResult],
    peer_results: list[fo.FanoutResult],
    command: str,
) -> None:
    target = RESULTS / "fanout.md"
    report.update_results(
        target, backend, report.section(facts, results, plan.broadcast_url, command)
    )
    if peer_results:
        note = (
            f"- {facts['database']}; broker for Tandem: {plan.broadcast_url.split('://')[0]}; "
            f"the peer: LISTEN/NOTIFY (benchmarks/peer_fanout.py); {facts['date']}; "
            f"load average after: {load_average()}\n- reproduce: `{command}`"
        )
        report.update_results(target, "peer", pf.side_by_side(results, peer_results, note))
    console.print(f"results: {target.relative_to(ROOT)}")
