"""`python -m benchmarks.run all` (`make bench-all`): every scenario of the side-by-side table,
one after the other, then the table (benchmarks/summary.py) from what they measured.

Scenarios 1-4 and 6 (compare), 5 (fan-out on PostgreSQL + Redis, with the PostGraphile peer)
and 7 (the 100,000-contact import on PostgreSQL). A scenario that fails is reported and the
others still run; its rows keep their previous run (with that run's date and revision), and the
command exits with 1.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated

import typer

from benchmarks import summary
from benchmarks.commands import compare as compare_cmd
from benchmarks.commands import contact_import as import_cmd
from benchmarks.commands import fanout as fanout_cmd
from benchmarks.commands.common import console, error
from benchmarks.harness import load_average

POSTGRES = "postgres://postgres@127.0.0.1:5432/"
REDIS = "redis://127.0.0.1:6379/0"


def run_all(
    postgres: Annotated[
        str, typer.Option(help="PostgreSQL server (the scenarios create their own databases)")
    ] = POSTGRES,
    redis: Annotated[str, typer.Option(help="Redis for Tandem's fan-out bus")] = REDIS,
    size: Annotated[str, typer.Option(help="bench-data size for compare")] = "smb",
    rounds: Annotated[int, typer.Option(help="compare: timed runs of every case")] = 3,
    seconds: Annotated[float, typer.Option(help="compare: seconds per wrk run")] = 5,
    subscribers: Annotated[
        list[int] | None, typer.Option(help="fan-out subscriber counts (repeatable)")
    ] = None,
    moves: Annotated[int, typer.Option(help="fan-out: timed deal moves per count")] = 20,
    import_rows: Annotated[int, typer.Option(help="import: CSV rows")] = summary.IMPORT_ROWS,
    only: Annotated[
        list[str] | None, typer.Option(help="Run only these: compare, fanout, import")
    ] = None,
) -> None:
    """Every scenario, Tandem vs PostGraphile v5, and the one table (about 25 minutes here)."""
    from server.bench_data import SIZES

    if size not in SIZES:
        raise typer.BadParameter(f"one of {', '.join(SIZES)}", param_hint="--size")
    server = postgres.rstrip("/") + "/"
    steps: dict[str, Callable[[], None]] = {
        "compare": lambda: compare_cmd.run(
            compare_cmd.Plan(
                size=size,
                database_url=f"{server}tandem_bench_{size}",
                rounds=rounds,
                seconds=seconds,
            )
        ),
        "fanout": lambda: fanout_cmd.run(
            fanout_cmd.Plan(
                database_url=server,
                broadcast_url=redis,
                counts=tuple(subscribers or fanout_cmd.COUNTS),
                moves=moves,
                peer=True,
            )
        ),
        "import": lambda: import_cmd.run(server, (import_rows,)),
    }
    wanted = only or list(steps)
    unknown = set(wanted) - set(steps)
    if unknown:
        raise typer.BadParameter(f"unknown: {', '.join(sorted(unknown))}", param_hint="--only")
    errors = (*compare_cmd.ERRORS, *fanout_cmd.ERRORS, *import_cmd.ERRORS)
    failed: list[str] = []
    timings: list[str] = []
    for name in wanted:
        console.rule(f"{name} (load average {load_average()})")
        started = time.monotonic()
        try:
            steps[name]()
        except errors as exc:
            error(exc)
            failed.append(name)
        except Exception:  # a bug in one scenario must not cost the others their run
            console.print_exception()
            failed.append(name)
        timings.append(f"{name} {time.monotonic() - started:.0f} s")
    console.print(summary.refresh(), highlight=False, markup=False)
    console.print("took: " + ", ".join(timings))
    if failed:
        console.print(f"[red]failed:[/red] {', '.join(failed)}; their rows are from earlier runs")
        raise typer.Exit(1)


def table() -> None:
    """Rewrite the table from the latest run of each scenario (results/latest/), measuring
    nothing."""
    console.print(summary.refresh(), highlight=False, markup=False)
