"""Benchmark scenarios, run through HTTP against a server subprocess.

python -m benchmarks.run permission-overhead                       # SQLite file (default)
python -m benchmarks.run permission-overhead --database-url postgres://postgres@127.0.0.1:5432/
python -m benchmarks.run import                                    # 100,000-row CSV, SQLite
python -m benchmarks.run import --database-url postgres://postgres@127.0.0.1:5432/
python -m benchmarks.run compare                                   # Tandem vs PostGraphile v5
python -m benchmarks.run fanout                                    # SQLite + memory:// bus
python -m benchmarks.run fanout --database-url postgres://postgres@127.0.0.1:5432/ \
    --broadcast-url redis://127.0.0.1:6379/0
"""

from __future__ import annotations

import asyncio
import shlex
import statistics
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import httpx
import orjson
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from benchmarks import contact_import as ci
from benchmarks import fanout as fo
from benchmarks import peer_fanout as pf
from benchmarks import permission_overhead as po
from benchmarks.harness import (
    ROOT,
    BenchError,
    Stats,
    backend_of,
    database_version,
    drop_bench_database,
    interleaved,
    load_average,
    machine,
    open_bench_database,
    server_process,
    sign_in,
)
from benchmarks.seed import BENCH_PASSWORD, DEFAULTS, SeedConfig, SeedRefused, describe, seed
from server.app import StartupError
from server.db import DatabaseError

RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_SQLITE = f"sqlite://{ROOT / 'benchmarks' / '.data' / 'bench.sqlite3'}"
LABELS = {
    po.OWNER: "Owner",
    po.SALESPERSON: "Salesperson",
    po.BASELINE: "baseline (no GraphQL, no permissions)",
}

cli = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console(stderr=True, soft_wrap=True)


@cli.callback()
def scenarios() -> None:
    """Tandem benchmarks: each command is one scenario."""


@cli.command("permission-overhead")
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
    command = "python -m benchmarks.run " + shlex.join(sys.argv[1:])
    raw = RESULTS / "raw" / f"permission-overhead-{database.backend}-{_stamp()}.json"
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


FANOUT_SQLITE = ROOT / "benchmarks" / ".data" / "fanout.sqlite3"
FANOUT_PG_DATABASE = "tandem_bench_fanout"
# Small on purpose: the scenario is about sockets, not data.
FANOUT_SEED = SeedConfig(
    deals=12, departments=1, sellers_per_department=2, companies=10, contacts=20
)


@cli.command("fanout")
def fanout(
    database_url: Annotated[
        str,
        typer.Option(
            help="sqlite://PATH (default: a fresh benchmarks/.data/fanout.sqlite3), or "
            "postgres://HOST/ (a tandem_bench_fanout database is created and dropped)"
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
    write: Annotated[bool, typer.Option(help="Update results/fanout.md")] = True,
    peer: Annotated[
        bool,
        typer.Option(help="Then the same on PostGraphile v5 (PostgreSQL only), side by side"),
    ] = False,
) -> None:
    """N pipelineEvents subscribers over websockets; one deal moved over HTTP at a time."""
    counts = subscribers or [1000, 5000]
    if min(counts) < len(fo.ROLES) or processes < 1 or moves < 2:
        raise typer.BadParameter("at least 3 subscribers, 1 process and 2 moves")
    try:
        _fanout(
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
    except (
        BenchError,
        SeedRefused,
        StartupError,
        DatabaseError,
        RuntimeError,
        TimeoutError,
    ) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc


def _fanout(
    database_url: str,
    broadcast_url: str,
    counts: list[int],
    processes: int,
    moves: int,
    warmup: int,
    pause: float,
    timeout: float,
    *,
    profile: bool,
    write: bool,
    peer: bool = False,
) -> None:
    if not database_url:
        FANOUT_SQLITE.unlink(missing_ok=True)
        database_url = f"sqlite://{FANOUT_SQLITE}"
    database = asyncio.run(open_bench_database(database_url, FANOUT_PG_DATABASE))
    if database.owned:  # start from an empty database every time
        asyncio.run(drop_bench_database(database))
        database = asyncio.run(open_bench_database(database_url, FANOUT_PG_DATABASE))
    limit = fo.raise_open_files(max(counts) + 1024)
    facts = machine()
    RESULTS.joinpath("raw").mkdir(parents=True, exist_ok=True)
    results: list[fo.FanoutResult] = []
    peer_results: list[fo.FanoutResult] = []
    try:
        summary = asyncio.run(seed(database.url, FANOUT_SEED))
        console.print(describe(summary))
        facts["database"] = asyncio.run(database_version(database.url))
        for n in counts:
            stamp = _stamp()
            log_path = RESULTS / "raw" / f"server-fanout-{database.backend}-{n}.log"
            prof = RESULTS / "raw" / f"fanout-{database.backend}-{n}-{stamp}.prof"
            options = ["--broadcast-url", broadcast_url, "--backlog", str(max(2048, n))]
            if profile:
                options += ["--profile", str(prof)]
            with (
                log_path.open("wb") as log,
                server_process(database.url, log, options, stop_timeout=120) as server,
                httpx.Client(base_url=server.base_url, timeout=60) as client,
            ):
                tokens = {r: sign_in(client, fo_email(r), BENCH_PASSWORD) for r in fo.ROLES}
                result = fo.run_fanout(
                    target=fo.tandem_target(server.base_url, tokens),
                    server_pid=server.pid,
                    server_cpu_ns=server.cpu_ns,
                    subscribers=n,
                    processes=processes,
                    moves=moves,
                    warmup=warmup,
                    pause=pause,
                    timeout=timeout,
                    log=lambda text: console.print(text, highlight=False),
                )
                result.load = load_average()
            results.append(result)
            _print_fanout(result)
            if profile:
                _print_profile(prof)
        if peer:
            if database.backend != "postgres":
                raise BenchError(
                    "the peer runs on PostgreSQL only: pass --database-url postgres://"
                )
            peer_results = pf.run_peer(
                database.url,
                counts,
                processes=processes,
                moves=moves,
                warmup=warmup,
                pause=pause,
                timeout=timeout,
                log_dir=RESULTS / "raw",
                log=lambda text: console.print(text, highlight=False),
            )
            for result in peer_results:
                _print_fanout(result)
    finally:
        asyncio.run(drop_bench_database(database))
    facts["load_after"] = load_average()
    command = "python -m benchmarks.run " + shlex.join(sys.argv[1:])
    raw = RESULTS / "raw" / f"fanout-{database.backend}-{_stamp()}.json"
    raw.write_bytes(
        orjson.dumps(
            {"facts": facts, "open_files": limit, "results": results, "peer": peer_results},
            option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_DATACLASS,
        )
    )
    console.print(f"raw samples: {raw.relative_to(ROOT)}")
    bad = [r for r in results + peer_results if r.problems or r.missing]
    if write and not bad:
        target = RESULTS / "fanout.md"
        _update_fanout_results(
            target, database.backend, _fanout_section(facts, results, broadcast_url, command)
        )
        if peer_results:
            note = (
                f"- {facts['database']}; broker for Tandem: {broadcast_url.split('://')[0]}; "
                f"the peer: LISTEN/NOTIFY (benchmarks/peer_fanout.py); {facts['date']}; "
                f"load average after: {load_average()}\n- reproduce: `{command}`"
            )
            _update_fanout_results(target, "peer", pf.side_by_side(results, peer_results, note))
        console.print(f"results: {target.relative_to(ROOT)}")
    if bad:
        raise BenchError("some subscribers missed events or saw what they must not; see above")


def fo_email(role: str) -> str:
    return f"{role}@bench.tandem.test"


def _fanout_numbers(r: fo.FanoutResult) -> dict[str, str]:
    last = Stats.of([s.last_s for s in r.samples])
    first = Stats.of([s.first_s for s in r.samples])
    http = Stats.of([s.http_s for s in r.samples])
    cpu = statistics.median(s.server_cpu_s for s in r.samples)
    client_cpu = sum(r.client_cpu_s) / len(r.samples)
    return {
        "subscribers": f"{r.subscribers:,}",
        "client processes": str(r.processes),
        "to last subscriber, median ms": f"{last.median * 1000:.0f}",
        "p90 ms": f"{last.p90 * 1000:.0f}",
        "to first subscriber, median ms": f"{first.median * 1000:.1f}",
        "mutation response, median ms": f"{http.median * 1000:.1f}",
        "deliveries/s (N / median)": f"{r.subscribers / last.median:,.0f}",
        "server CPU per event, median ms": f"{cpu * 1000:.0f}",
        "server CPU per delivery, us": f"{cpu / r.subscribers * 1e6:.0f}",
        "client CPU per event (all processes), ms": f"{client_cpu * 1000:.0f}",
        "server RSS idle -> subscribed, MiB": f"{r.rss_before_kib / 1024:.0f} -> "
        f"{r.rss_after_kib / 1024:.0f}",
        "RSS per idle subscription, KiB": f"{r.rss_per_subscriber_kib:.0f}",
        "server CPU while idle, % of a core": f"{r.idle_cpu * 100:.0f}",
        "sockets opened in, s": f"{r.connect_s:.1f}",
        "events per subscriber (all received)": f"{r.events} ({r.subscribers - r.missing:,} "
        f"of {r.subscribers:,} got all)",
        "roles": ", ".join(f"{k} {v:,}" for k, v in r.role_counts.items()),
        "load average after": r.load,
    }


def _print_fanout(r: fo.FanoutResult) -> None:
    table = Table(title=f"fan-out to {r.subscribers:,} subscribers ({len(r.samples)} moves)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in _fanout_numbers(r).items():
        table.add_row(key, value)
    console.print(table)
    for problem in r.problems[:10]:
        console.print(f"[red]problem:[/red] {problem}")


def _print_profile(path: Path) -> None:
    import io
    import pstats

    if not path.exists():
        console.print(f"[red]no profile written[/red] ({path.name}); see the server log")
        return
    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    console.print(out.getvalue(), highlight=False, markup=False)
    console.print(f"profile: {path.relative_to(ROOT)}")


def _fanout_section(
    facts: dict[str, str], results: list[fo.FanoutResult], broadcast_url: str, command: str
) -> str:
    rows = [_fanout_numbers(r) for r in results]
    keys = list(rows[0])
    broker = broadcast_url.split("://", 1)[0]
    lines = [
        f"## {facts['database']} + {'in-process memory bus' if broker == 'memory' else 'Redis'}",
        "",
        "| measure | " + " | ".join(f"N = {r['subscribers']}" for r in rows) + " |",
        "|---|" + "---:|" * len(rows),
    ]
    for key in keys[1:]:
        lines.append(f"| {key} | " + " | ".join(r[key] for r in rows) + " |")
    lines += [
        "",
        f"- machine: {facts['cpu']}; {facts['os']}; Python {facts['python']}",
        f"- packages: {facts['packages']}",
        f"- load average (1, 5, 15 min) before / after: {facts['load']} / {facts['load_after']}",
        f"- date: {facts['date']}; revision {facts['revision']}",
        f"- reproduce: `{command}`",
        "",
    ]
    return "\n".join(lines)


FANOUT_SECTIONS = ("sqlite", "postgres", "peer", "notes")


def _update_fanout_results(path: Path, name: str, section: str) -> None:
    """Replace one backend's section of results/fanout.md, keeping the rest."""
    sections: dict[str, str] = {}
    header = "# Websocket fan-out\n"
    if path.exists():
        text = path.read_text()
        header = text.split("<!-- ", 1)[0]
        for key in FANOUT_SECTIONS:
            start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
            if start in text and end in text:
                sections[key] = text.split(start, 1)[1].split(end, 1)[0].strip("\n")
    sections[name] = section.strip("\n")
    body = [header.rstrip("\n"), ""]
    for key in FANOUT_SECTIONS:
        if key in sections:
            body += [f"<!-- {key}:start -->", sections[key], f"<!-- {key}:end -->", ""]
    path.write_text("\n".join(body))


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


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


@cli.command("import")
def contact_import(
    database_url: Annotated[
        str,
        typer.Option(
            help="sqlite://PATH, or postgres://HOST/ (a tandem_bench_import database is created "
            "and dropped)"
        ),
    ] = f"sqlite://{ROOT / 'benchmarks' / '.data' / 'import.sqlite3'}",
    rows: Annotated[list[int] | None, typer.Option(help="File sizes (repeatable)")] = None,
    write: Annotated[bool, typer.Option(help="Update results/import.md")] = True,
) -> None:
    """Import a generated contact CSV with `tandem import contacts`: seconds and peak memory."""
    sizes = tuple(rows or ci.SIZES)
    try:
        version, runs = ci.run_sizes(database_url, sizes)
    except (BenchError, DatabaseError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    table = Table(title=f"Contact import on {version}")
    for column in ("rows", "seconds", "rows/s", "events alone s", "peak RSS MiB"):
        table.add_column(column, justify="right")
    for run in runs:
        table.add_row(
            f"{run.rows:,}",
            f"{run.seconds:.1f}",
            f"{run.rows_per_second:,.0f}",
            f"{run.events_seconds:.1f}",
            f"{run.peak_rss_kib / 1024:.0f}",
        )
    console.print(table)
    if write:
        command = "python -m benchmarks.run import " + " ".join(
            shlex.quote(a) for a in sys.argv[2:]
        )
        ci.update_results(
            RESULTS / "import.md",
            backend_of(database_url),
            ci.section(version, runs, command.strip()),
        )
        console.print(f"results: {(RESULTS / 'import.md').relative_to(ROOT)}")


COMPARE_DATABASE = "postgres://postgres@127.0.0.1:5432/tandem_bench_{size}"


@cli.command("compare")
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
    from benchmarks import compare as cmp
    from benchmarks import compare_report as report
    from server.bench_data import SIZES, BenchDataRefused, load

    if size not in SIZES:
        raise typer.BadParameter(f"one of {', '.join(SIZES)}", param_hint="--size")
    url = database_url or COMPARE_DATABASE.format(size=size)
    try:
        database = asyncio.run(open_bench_database(url))
        with Progress(
            TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), console=console
        ) as progress:
            bars: dict[str, TaskID] = {}

            def report_load(table: str, done: int, total: int) -> None:
                if table not in bars:
                    bars[table] = progress.add_task(table, total=total)
                progress.update(bars[table], completed=done)

            loaded = asyncio.run(load(database.url, SIZES[size], progress=report_load))
        console.print(("reusing " if loaded.reused else "loaded ") + str(loaded.counts))
        facts = machine()
        facts["database"] = asyncio.run(database_version(database.url))
        RESULTS.joinpath("raw").mkdir(parents=True, exist_ok=True)
        with (
            (RESULTS / "raw" / "server-compare.log").open("wb") as log,
            (RESULTS / "raw" / "peer-compare.log").open("wb") as peer_log,
            server_process(database.url, log) as server,
            cmp.peer_process(database.url, peer_log) as peer,
        ):
            tandem = f"{server.base_url}/graphql"
            token = cmp.owner_token(server.base_url)
            fixture = cmp.prepare(tandem, token, peer, contact)
            all_cases = cmp.cases(tandem, token, peer, f"{server.base_url}/bench/floor", fixture)
            with console.status("") as status:
                measured = cmp.measure(
                    all_cases,
                    rounds=rounds,
                    seconds=seconds,
                    warmup=warmup,
                    pin_cpu=pin_load or None,
                    progress=lambda text: status.update(text),
                )
    except (BenchError, BenchDataRefused, StartupError, DatabaseError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    facts["load_after"] = load_average()
    result_rows = report.rows(measured)
    console.print(report.table(result_rows), highlight=False)
    command = "python -m benchmarks.run " + shlex.join(sys.argv[1:])
    notes = [
        f"data: `tandem bench-data --size {size}` ("
        + ", ".join(f"{n:,} {t}" for t, n in loaded.counts.items())
        + f"); {facts['database']}",
        f"load: wrk, {rounds} rounds per case after {warmup:g} s of warm-up, each run at least "
        f"{seconds:g} s and long enough for 20 requests per connection (at most 30 s), servers "
        "taking turns; numbers are medians of the rounds"
        + (f"; wrk pinned to CPU {pin_load}" if pin_load else ""),
        "Tandem: `benchmarks/server.py` (uvicorn, uvloop, httptools, one process), signed in as "
        "the Owner; PostGraphile: `benchmarks/peer/server.mjs` (v5, amber preset, Node 22, "
        "no auth, no row permissions) on the same database",
        "dealMove: Tandem's dealMove (version, stage history, audit and outbox in one "
        "transaction) vs PostGraphile's `updateDeal` (one UPDATE)",
        f"machine: {facts['cpu']}; {facts['os']}; Python {facts['python']}; {facts['packages']}",
        f"load average before / after: {facts['load']} / {facts['load_after']}",
        f"revision {facts['revision']}; reproduce: `{command}` (or `make bench-peer`)",
    ]
    raw = cmp.raw_path(_stamp())
    raw.write_bytes(
        orjson.dumps({"facts": facts, **report.raw(measured)}, option=orjson.OPT_INDENT_2)
    )
    console.print(f"raw samples: {raw.relative_to(ROOT)}")
    if write:
        report.write(report.section(result_rows, facts, notes))
        console.print(f"results: {report.RESULTS.relative_to(ROOT)} and benchmarks/README.md")


if __name__ == "__main__":
    cli()
