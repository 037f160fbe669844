"""The one side-by-side table of every scenario (issue 8), generated from measured numbers only.

Each scenario's command keeps the structured output of its last run that the table can use in
``results/latest/`` (committed, unlike ``results/raw/``): ``compare.json`` (scenarios 1-4, 6),
``fanout.json`` (5: PostgreSQL + Redis, with the PostGraphile peer) and ``import-<backend>.json``
(7: 100,000 rows). ``refresh`` rebuilds the table from those files and writes it into
``results/compare.md`` and the marked section of ``benchmarks/README.md``. So ``make bench-all``
refreshes every row, and a rerun of one scenario refreshes only its own rows; every row says when
and at which revision it was measured.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import orjson

from benchmarks import compare_report as report
from benchmarks.compare_report import Row
from benchmarks.harness import ROOT
from benchmarks.targets import FANOUT, FANOUT_AT, IMPORT, IMPORT_BACKEND, OBSTACLES

RESULTS = ROOT / "benchmarks" / "results"
LATEST = RESULTS / "latest"
COMPARE_MD = RESULTS / "compare.md"
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- compare:start -->", "<!-- compare:end -->"
IMPORT_ROWS = 100_000
IMPORT_BACKENDS = {"postgres": "PostgreSQL", "sqlite": "SQLite"}
# The sizes the table is shown at: `smb`, and `mid` (ten times the rows) beside it.
SIZES = ("smb", "mid")


@dataclass(frozen=True, slots=True)
class Source:
    """One scenario's latest run: its rows and what to say about it under the table."""

    rows: list[Row]
    notes: list[str]
    facts: dict[str, str]


def keep(name: str, payload: dict[str, Any]) -> None:
    LATEST.mkdir(parents=True, exist_ok=True)
    options = orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_DATACLASS
    (LATEST / f"{name}.json").write_bytes(orjson.dumps(payload, option=options) + b"\n")


def _read(name: str) -> dict[str, Any] | None:
    path = LATEST / f"{name}.json"
    return orjson.loads(path.read_bytes()) if path.exists() else None


def feeds_table_fanout(payload: dict[str, Any]) -> bool:
    """The table's fan-out rows are Tandem on PostgreSQL + Redis and the peer, in one run."""
    return (
        payload["backend"] == "postgres"
        and payload["broadcast_url"].startswith("redis://")
        and bool(payload["peer"])
        and payload["ok"]
    )


def feeds_table_import(payload: dict[str, Any]) -> bool:
    return any(run["rows"] == IMPORT_ROWS for run in _plain(payload["runs"]))


def _plain(value: Any) -> Any:
    """Dataclasses as the JSON file holds them (a payload fresh from a run, or read back)."""
    return orjson.loads(orjson.dumps(value, option=orjson.OPT_SERIALIZE_DATACLASS))


def _when(facts: dict[str, str]) -> str:
    revision = facts["revision"].replace(" (with uncommitted changes)", " + uncommitted")
    return f"{facts['date'].removesuffix(' UTC')}, {revision}"


def _run_note(label: str, payload: dict[str, Any]) -> str:
    facts = payload["facts"]
    before = facts.get("load_before", facts["load"])
    after = facts.get("load_after", facts["load"])
    return (
        f"{label}: `{payload['command']}` on {facts['date']}, revision {facts['revision']}; "
        f"load average (1, 5, 15 min) before / after: {before} / {after}"
    )


def compare_name(size: str) -> str:
    """The file a compare run at ``size`` keeps its numbers in (smb: the table's own)."""
    return "compare" if size == "smb" else f"compare-{size}"


def compare_source(size: str = "smb") -> Source | None:
    payload = _read(compare_name(size))
    if payload is None:
        return None
    rows = [
        replace(r, measured=_when(payload["facts"]))
        for r in report.rows(report.measured_from(payload))
    ]
    notes = [_run_note(f"scenarios 1-4, 6 at `{size}`", payload), *payload.get("notes", [])]
    return Source(rows, notes, payload["facts"])


def _figures(result: dict[str, Any]) -> dict[str, float]:
    samples = result["samples"]
    last = statistics.median(s["last_s"] for s in samples)
    cpu = statistics.median(s["server_cpu_s"] for s in samples)
    n = result["subscribers"]
    return {
        "deliveries": n / last,
        "last_ms": last * 1000,
        "idle_kib": (result["rss_after_kib"] - result["rss_before_kib"]) / n,
        "cpu_us": cpu / n * 1e6,
    }


def _fanout_rows(tandem: dict[str, Any], peer: dict[str, Any], when: str) -> list[Row]:
    n = tandem["subscribers"]
    t, p = _figures(tandem), _figures(peer)
    aimed = n == FANOUT_AT
    specs = [
        ("deliveries", "deliveries/s", "{:,.0f}"),
        ("last_ms", "ms to the last delivery", "{:,.0f}"),
        ("idle_kib", "KiB per idle subscription", "{:,.0f}"),
        ("cpu_us", "server CPU per delivery, us", "{:,.0f}"),
    ]
    rows = []
    for key, measure, fmt in specs:
        target = FANOUT.get(key) if aimed else None
        rows.append(
            Row(
                "5. fan-out",
                f"{measure}, {n:,} subscribers",
                fmt.format(t[key]),
                fmt.format(p[key]),
                f"{t[key] / p[key]:.2f}" if p[key] else "-",
                target.text if target else "-",
                target.met(t[key]) if target else None,
                when,
            )
        )
    return rows


def fanout_source() -> Source | None:
    payload = _read("fanout")
    if payload is None:
        return None
    when = _when(payload["facts"])
    peers = {p["subscribers"]: p for p in payload["peer"]}
    rows = [
        row
        for t in payload["results"]
        if t["subscribers"] in peers
        for row in _fanout_rows(t, peers[t["subscribers"]], when)
    ]
    if not any(t["subscribers"] == FANOUT_AT for t in payload["results"]):
        rows.append(
            Row(
                "5. fan-out",
                f"deliveries/s, ms to the last, CPU and KiB, {FANOUT_AT:,} subscribers",
                f"not measured yet: `make bench-fanout-peer ARGS='--subscribers {FANOUT_AT}'`",
                "-",
                "-",
                ", ".join(f"{k} {t.text}" for k, t in FANOUT.items()),
                False,
                when,
            )
        )
    first = payload["results"][0]
    broker = payload["broadcast_url"].split("://", 1)[0]
    notes = [
        _run_note("scenario 5", payload),
        f"fan-out: {payload['facts']['database']}; Tandem's bus: {broker}; the peer: "
        "PostGraphile v5 subscriptions fed by LISTEN/NOTIFY (benchmarks/peer_fanout.py); "
        f"{len(first['samples'])} deal moves per count, one at a time; deliveries/s = N / median "
        "ms from sending the move to the last subscriber's frame; KiB per idle subscription = "
        "server RSS growth / N; details in results/fanout.md",
    ]
    return Source(rows, notes, payload["facts"])


def import_source(backend: str) -> Source | None:
    payload = _read(f"import-{backend}")
    if payload is None:
        return None
    runs = [r for r in payload["runs"] if r["rows"] == IMPORT_ROWS]
    if not runs:
        return None
    run = runs[0]
    when = _when(payload["facts"])
    name = IMPORT_BACKENDS.get(backend, backend)
    no_peer = "none (PostGraphile has no import)"
    aimed = backend == IMPORT_BACKEND
    seconds, mib = run["seconds"], run["peak_rss_kib"] / 1024
    rows = [
        Row(
            "7. import",
            f"{IMPORT_ROWS:,}-contact CSV on {name}, {unit}",
            f"{value:,.{digits}f}",
            no_peer,
            "-",
            IMPORT[key].text if aimed else "-",
            IMPORT[key].met(value) if aimed else None,
            when,
        )
        for key, unit, value, digits in (
            ("seconds", "seconds", seconds, 1),
            ("peak_mib", "peak MiB", mib, 0),
        )
    ]
    notes = [
        _run_note(f"scenario 7 ({name})", payload),
        f"import on {name}: `tandem import contacts` in a subprocess on a fresh "
        f"{payload['facts']['database']} database, wall time and `ru_maxrss`; "
        f"{run['contacts']:,} contacts, audit entries and outbox events checked; "
        "details in results/import.md",
    ]
    return Source(rows, notes, payload["facts"])


def _missing(scenario: str, measure: str, how: str) -> Row:
    return Row(scenario, measure, f"not measured yet: `{how}`", "-", "-", "-", None)


def obstacles(rows: list[Row]) -> list[str]:
    """What stands in the way of each scenario with a target not met (benchmarks/targets.py)."""
    unmet = sorted({r.scenario.split(".")[0] for r in rows if r.met is False}, key=int)
    return [f"not met, {OBSTACLES[n]}" for n in unmet if n in OBSTACLES]


def _mid_table() -> list[str]:
    """Scenarios 1-4 and 6 again at `mid` (ten times the rows), so the growth of cost shows."""
    source = compare_source("mid")
    head = ["", "**At `mid` size** (ten times `smb`'s rows), the same scenarios:", ""]
    if source is None:
        how = "make bench-peer ARGS='--size mid'"
        return [*head, report.table([_missing("1. board", "scenarios 1-4 and 6 at mid", how)])]
    return [*head, report.table(source.rows), "", *[f"- {n}" for n in source.notes]]


def section() -> str:
    """The table and its notes, from the latest runs in results/latest/."""
    rows: list[Row] = []
    notes: list[str] = []
    sources = [compare_source(), fanout_source()] + [import_source(b) for b in IMPORT_BACKENDS]
    for source in sources:
        if source is not None:
            rows += source.rows
            notes += source.notes
    seen = {r.scenario.split(".")[0] for r in rows}
    for scenario, measure, how in (
        ("1. board", "scenarios 1-4 and 6", "make bench-peer"),
        ("5. fan-out", "deliveries/s, ms to the last delivery, KiB", "make bench-fanout-peer"),
        ("7. import", f"{IMPORT_ROWS:,}-contact CSV, seconds and peak MiB", "make bench-import"),
    ):
        if scenario.split(".")[0] not in seen:
            rows.append(_missing(scenario, measure, how))
    rows.sort(key=lambda r: int(r.scenario.split(".")[0]))
    measured = [s.facts for s in sources if s is not None]
    machine = max(measured, key=lambda f: f["date"]) if measured else None
    if machine is not None:
        notes.append(
            f"machine: {machine['cpu']}; {machine['os']}; Python {machine['python']}; "
            f"{machine['packages']}"
        )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            f"Generated {generated} from the latest run of each scenario "
            "(`benchmarks/results/latest/*.json`); each row says when and at which revision "
            "it was measured. Targets are issue 16's (benchmarks/targets.py). The machine is "
            "shared with other agents: absolute numbers are noisy, the ratios from the same run "
            "are what count.",
            "",
            report.table(rows),
            "",
            *[f"- {n}" for n in notes],
            "",
            "**What stands in the way** (from the profiles):",
            "",
            *[f"- {n}" for n in obstacles(rows)],
            *_mid_table(),
            "",
        ]
    )


def refresh() -> str:
    text = section()
    COMPARE_MD.write_text(
        "# Tandem vs PostGraphile v5, every scenario (generated by `make bench-all`, or "
        "each scenario's own command for its rows)\n\n" + text
    )
    readme = README.read_text()
    if START in readme and END in readme:
        head, rest = readme.split(START, 1)
        tail = rest.split(END, 1)[1]
        README.write_text(f"{head}{START}\n{text}{END}{tail}")
    return text
