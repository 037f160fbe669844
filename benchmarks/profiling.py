"""Where the permission-overhead query's server time goes. Two in-process experiments (the app
behind httpx's ASGI transport, no sockets), on a database seeded by the scenario:

- ``hotspots``: the query under cProfile, per role, plus the same requests timed without the
  profiler and the garbage collector's pauses (which cProfile does not show). Writes one
  ``.prof`` file per role to ``benchmarks/results/raw/`` (open with pstats or snakeviz).
- ``guard-cost``: the same query against two apps in one process, one as shipped and one whose
  schema was built after removing the field guard from every record field: what the per-field
  permission check costs even when it allows everything. Experiment only: the stripped schema
  never leaves this process.

    python -m benchmarks.profiling hotspots
    python -m benchmarks.profiling guard-cost
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import io
import pstats
import random
import statistics
import sys
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console

from benchmarks import permission_overhead as po
from benchmarks.harness import ROOT, BenchError, graphql_errors
from benchmarks.seed import BENCH_PASSWORD
from benchmarks.server import bench_app, bench_settings

RAW = ROOT / "benchmarks" / "results" / "raw"
DEFAULT_SQLITE = f"sqlite://{ROOT / 'benchmarks' / '.data' / 'bench.sqlite3'}"

cli = typer.Typer(add_completion=False, no_args_is_help=True)
console = Console(soft_wrap=True)


@dataclass(slots=True)
class GcPauses:
    """Collections and their total pause, per generation, while active."""

    count: list[int] = field(default_factory=lambda: [0, 0, 0])
    seconds: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    _started: float = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            generation = info["generation"]
            self.count[generation] += 1
            self.seconds[generation] += time.perf_counter() - self._started


@contextmanager
def watching_gc() -> Iterator[GcPauses]:
    pauses = GcPauses()
    gc.callbacks.append(pauses)
    try:
        yield pauses
    finally:
        gc.callbacks.remove(pauses)


async def _token(client: httpx.AsyncClient, role: str) -> str:
    response = await client.post(
        "/graphql",
        json={
            "query": "mutation($e: String!, $p: String!) "
            "{ login(email: $e, password: $p) { accessToken } }",
            "variables": {"e": po.caller_email(role), "p": BENCH_PASSWORD},
        },
    )
    body = response.json()
    if graphql_errors(body):
        raise BenchError(f"sign-in as {role} failed: {body}")
    return str(body["data"]["login"]["accessToken"])


async def _query(client: httpx.AsyncClient, token: str) -> None:
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    response = await client.post("/graphql", content=po.BODY, headers=headers)
    if response.status_code != 200 or graphql_errors(response.json()):
        raise BenchError(f"query failed: {response.text[:300]}")


async def _profile(database_url: str, requests: int, top: int, sort: str) -> None:
    app = bench_app(bench_settings(database_url))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench.test"
        ) as client,
    ):
        tokens = {role: await _token(client, role) for role in po.ROLES}
        for _ in range(10):
            for role in po.ROLES:
                await _query(client, tokens[role])
        # Unprofiled, interleaved: wall time per request and the collector's share of it.
        times: dict[str, list[float]] = {role: [] for role in po.ROLES}
        rng = random.Random(1)
        with watching_gc() as pauses:
            for _ in range(requests):
                for role in rng.sample(po.ROLES, len(po.ROLES)):
                    start = time.perf_counter()
                    await _query(client, tokens[role])
                    times[role].append(time.perf_counter() - start)
        for role in po.ROLES:
            console.print(
                f"{role}: median {statistics.median(times[role]) * 1000:.1f} ms in-process "
                f"({requests} requests, no profiler)"
            )
        total = 2 * requests
        console.print(
            "GC per request: "
            + ", ".join(
                f"gen{g} {pauses.count[g] / total:.2f} collections, "
                f"{pauses.seconds[g] / total * 1000:.2f} ms"
                for g in range(3)
            )
        )
        RAW.mkdir(parents=True, exist_ok=True)
        stats: dict[str, pstats.Stats] = {}
        for role in po.ROLES:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(requests):
                await _query(client, tokens[role])
            profiler.disable()
            path = RAW / f"permission-overhead-{role}.prof"
            profiler.dump_stats(path)
            out = io.StringIO()
            stats[role] = pstats.Stats(profiler, stream=out)
            stats[role].sort_stats(sort).print_stats(top)
            console.rule(f"{role}: top {top} by {sort} ({requests} requests) - {path.name}")
            console.print(out.getvalue(), markup=False, highlight=False)
        _difference(stats, requests, top)


def _difference(stats: dict[str, pstats.Stats], requests: int, top: int) -> None:
    """Functions whose own time grew most from Owner to Salesperson, per request."""

    def own_time(s: pstats.Stats) -> dict[str, float]:
        table: dict[Any, Any] = s.stats  # type: ignore[attr-defined]
        return {f"{f}:{line}({name})": row[2] for (f, line, name), row in table.items()}

    owner, sales = own_time(stats[po.OWNER]), own_time(stats[po.SALESPERSON])
    grown = sorted(
        ((sales.get(k, 0.0) - owner.get(k, 0.0), k) for k in owner.keys() | sales.keys()),
        reverse=True,
    )
    console.rule("own time, Salesperson minus Owner, ms per request")
    for delta, key in grown[:top]:
        console.print(f"{delta / requests * 1000:+8.3f}  {key}", markup=False, highlight=False)


def _strip_guards() -> int:
    """Remove the field guard from every record type's fields, in this process; how many."""
    import schema.schema  # noqa: F401  (imports every type module)

    removed = 0
    for module in [m for name, m in sys.modules.items() if name.startswith("schema.types.")]:
        for value in vars(module).values():
            guards = getattr(value, "__tandem_guards__", None)
            if guards:  # read by install_guards when a schema is built: later schemas only
                removed += len(guards)
                guards.clear()
    return removed


async def _guard_cost(database_url: str, requests: int) -> None:
    settings = bench_settings(database_url)
    shipped = bench_app(settings)
    removed = _strip_guards()
    bare = bench_app(settings)
    # One lifespan opens the database for both apps (Tortoise's state is per process).
    async with (
        shipped.router.lifespan_context(shipped),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=shipped), base_url="http://bench.test"
        ) as guarded_client,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=bare), base_url="http://bench.test"
        ) as bare_client,
    ):
        tokens = {role: await _token(guarded_client, role) for role in po.ROLES}
        clients = {"guarded": guarded_client, "unguarded": bare_client}
        for role in po.ROLES:
            answers = [await _answer(c, tokens[role]) for c in clients.values()]
            if answers[0] != answers[1]:
                raise BenchError(f"{role}: the unguarded schema answers differently")
        times: dict[tuple[str, str], list[float]] = {}
        cells = [(role, name) for role in po.ROLES for name in clients]
        rng = random.Random(1)
        for round_no in range(10 + requests):
            for role, name in rng.sample(cells, len(cells)):
                client = clients[name]
                start = time.perf_counter()
                await _query(client, tokens[role])
                if round_no >= 10:
                    times.setdefault((role, name), []).append(time.perf_counter() - start)
    console.print(f"removed {removed} field guards; {requests} interleaved requests per cell")
    for role in po.ROLES:
        guarded = statistics.median(times[(role, "guarded")])
        unguarded = statistics.median(times[(role, "unguarded")])
        console.print(
            f"{role}: median {guarded * 1000:.1f} ms with guards, {unguarded * 1000:.1f} ms "
            f"without ({guarded / unguarded:.3f}x)"
        )


async def _answer(client: httpx.AsyncClient, token: str) -> Any:
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    return (await client.post("/graphql", content=po.BODY, headers=headers)).json()


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    try:
        asyncio.run(coroutine)
    except BenchError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc


DatabaseOption = Annotated[str, typer.Option(help="A seeded database")]


@cli.command()
def hotspots(
    database_url: DatabaseOption = DEFAULT_SQLITE,
    requests: Annotated[int, typer.Option(help="Requests per role")] = 100,
    top: Annotated[int, typer.Option(help="Rows of each table")] = 30,
    sort: Annotated[str, typer.Option(help="pstats sort key")] = "tottime",
) -> None:
    """cProfile of the permission-overhead query per role; GC pauses; Salesperson - Owner."""
    _run(_profile(database_url, requests, top, sort))


@cli.command("guard-cost")
def guard_cost(
    database_url: DatabaseOption = DEFAULT_SQLITE,
    requests: Annotated[int, typer.Option(help="Requests per role and schema")] = 100,
) -> None:
    """The same query with and without the per-field guard (experiment, in-process)."""
    _run(_guard_cost(database_url, requests))


if __name__ == "__main__":
    cli()
