"""The fan-out scenario's numbers: the console table, results/fanout.md's sections."""

from __future__ import annotations

import io
import pstats
import statistics
from pathlib import Path

from rich.table import Table

from benchmarks import fanout as fo
from benchmarks.commands.common import console
from benchmarks.harness import ROOT, Stats


def email(role: str) -> str:
    return f"{role}@bench.tandem.test"


def numbers(r: fo.FanoutResult) -> dict[str, str]:
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


def print_result(r: fo.FanoutResult) -> None:
    table = Table(title=f"fan-out to {r.subscribers:,} subscribers ({len(r.samples)} moves)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in numbers(r).items():
        table.add_row(key, value)
    console.print(table)
    for problem in r.problems[:10]:
        console.print(f"[red]problem:[/red] {problem}")


def print_profile(path: Path) -> None:
    if not path.exists():
        console.print(f"[red]no profile written[/red] ({path.name}); see the server log")
        return
    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    console.print(out.getvalue(), highlight=False, markup=False)
    console.print(f"profile: {path.relative_to(ROOT)}")


def section(
    facts: dict[str, str], results: list[fo.FanoutResult], broadcast_url: str, command: str
) -> str:
    rows = [numbers(r) for r in results]
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


SECTIONS = ("sqlite", "postgres", "peer", "notes")


def update_results(path: Path, name: str, section_text: str) -> None:
    """Replace one backend's section of results/fanout.md, keeping the rest."""
    sections: dict[str, str] = {}
    header = "# Websocket fan-out\n"
    if path.exists():
        old = path.read_text()
        header = old.split("<!-- ", 1)[0]
        for key in SECTIONS:
            start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
            if start in old and end in old:
                sections[key] = old.split(start, 1)[1].split(end, 1)[0].strip("\n")
    sections[name] = section_text.strip("\n")
    body = [header.rstrip("\n"), ""]
    for key in SECTIONS:
        if key in sections:
            body += [f"<!-- {key}:start -->", sections[key], f"<!-- {key}:end -->", ""]
    path.write_text("\n".join(body))
