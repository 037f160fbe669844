"""What every scenario command shares: where results go, the console, the command line."""

from __future__ import annotations

import shlex
import sys
from datetime import UTC, datetime

from rich.console import Console

from benchmarks.harness import ROOT

RESULTS = ROOT / "benchmarks" / "results"
RAW = RESULTS / "raw"
console = Console(stderr=True, soft_wrap=True)


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def command_line() -> str:
    """The command as it was typed, for the results' "reproduce" lines."""
    return "python -m benchmarks.run " + shlex.join(sys.argv[1:])


def error(exc: BaseException) -> None:
    console.print(f"[red]error:[/red] {exc}")
