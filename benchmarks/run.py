"""Benchmark scenarios, run through HTTP against a server subprocess.

python -m benchmarks.run all                                       # every scenario + the table
python -m benchmarks.run permission-overhead                       # SQLite file (default)
python -m benchmarks.run permission-overhead --database-url postgres://postgres@127.0.0.1:5432/
python -m benchmarks.run import                                    # 100,000-row CSV, SQLite
python -m benchmarks.run import --database-url postgres://postgres@127.0.0.1:5432/
python -m benchmarks.run compare                                   # Tandem vs PostGraphile v5
python -m benchmarks.run fanout                                    # SQLite + memory:// bus
python -m benchmarks.run fanout --database-url postgres://postgres@127.0.0.1:5432/ \
    --broadcast-url redis://127.0.0.1:6379/0 --peer
python -m benchmarks.run documents                                 # 500 invoices to PDF, SQLite
python -m benchmarks.run table                                     # the table, from results/latest
python -m benchmarks.run reports --size smb                        # report queries, PostgreSQL
"""

from __future__ import annotations

import typer

from benchmarks.commands import all as all_cmd
from benchmarks.commands import compare as compare_cmd
from benchmarks.commands import contact_import as import_cmd
from benchmarks.commands import documents as documents_cmd
from benchmarks.commands import fanout as fanout_cmd
from benchmarks.commands import permission as permission_cmd
from benchmarks.commands import reports as reports_cmd

cli = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


@cli.callback()
def scenarios() -> None:
    """Tandem benchmarks: each command is one scenario (`all` runs the table's scenarios)."""


# One module per scenario (benchmarks/commands/); the command names are the CLI's contract.
cli.command("all")(all_cmd.run_all)
cli.command("permission-overhead")(permission_cmd.permission_overhead)
cli.command("fanout")(fanout_cmd.fanout)
cli.command("import")(import_cmd.contact_import)
cli.command("compare")(compare_cmd.compare)
cli.command("documents")(documents_cmd.documents)
cli.command("table")(all_cmd.table)
cli.command("reports")(reports_cmd.reports)


if __name__ == "__main__":
    cli()
