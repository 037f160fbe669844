"""`python -m benchmarks.run import`: a generated contact CSV through `tandem import contacts`."""

from __future__ import annotations

from typing import Annotated

import orjson
import typer
from rich.table import Table

from benchmarks import contact_import as ci
from benchmarks import summary
from benchmarks.commands.common import RAW, RESULTS, command_line, console, error, stamp
from benchmarks.harness import ROOT, BenchError, backend_of, load_average, machine
from server.db import DatabaseError

DEFAULT_SQLITE = f"sqlite://{ROOT / 'benchmarks' / '.data' / 'import.sqlite3'}"
ERRORS = (BenchError, DatabaseError)


def contact_import(
    database_url: Annotated[
        str,
        typer.Option(
            help="sqlite://PATH, or postgres://HOST/ (a tandem_bench_import_PID database is "
            "created and dropped)"
        ),
    ] = DEFAULT_SQLITE,
    rows: Annotated[list[int] | None, typer.Option(help="File sizes (repeatable)")] = None,
    write: Annotated[
        bool, typer.Option(help="Update results/import.md (and the table, see README)")
    ] = True,
) -> None:
    """Import a generated contact CSV with `tandem import contacts`: seconds and peak memory."""
    try:
        run(database_url, tuple(rows or ci.SIZES), write=write)
    except ERRORS as exc:
        error(exc)
        raise typer.Exit(1) from exc


def run(database_url: str, sizes: tuple[int, ...], *, write: bool = True) -> None:
    facts = machine()  # its date: when the run started, as the other scenarios'
    version, runs = ci.run_sizes(database_url, sizes)
    facts["load_after"] = load_average()
    table = Table(title=f"Contact import on {version}")
    for column in ("rows", "seconds", "rows/s", "events alone s", "peak RSS MiB"):
        table.add_column(column, justify="right")
    for one in runs:
        table.add_row(
            f"{one.rows:,}",
            f"{one.seconds:.1f}",
            f"{one.rows_per_second:,.0f}",
            f"{one.events_seconds:.1f}",
            f"{one.peak_rss_kib / 1024:.0f}",
        )
    console.print(table)
    backend = backend_of(database_url)
    command = command_line()
    facts["database"] = version
    payload = {"facts": facts, "backend": backend, "command": command, "runs": runs}
    RAW.mkdir(parents=True, exist_ok=True)
    raw = RAW / f"import-{backend}-{stamp()}.json"
    raw.write_bytes(
        orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_DATACLASS)
    )
    console.print(f"raw numbers: {raw.relative_to(ROOT)}")
    if not write:
        return
    ci.update_results(RESULTS / "import.md", backend, ci.section(version, runs, command))
    console.print(f"results: {(RESULTS / 'import.md').relative_to(ROOT)}")
    if summary.feeds_table_import(payload):
        summary.keep(f"import-{backend}", payload)
        summary.refresh()
        console.print("table: benchmarks/README.md and results/compare.md (row 7)")
