"""Scenarios 1-4 and 6 of the side-by-side table (compare's wrk medians): rows with ratios and
targets, and the raw numbers they come from. benchmarks/summary.py puts them in one table with
the other scenarios' rows and writes it; nothing here is typed in by hand.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from benchmarks.compare import Measured
from benchmarks.targets import COMPARE, Target


@dataclass(frozen=True, slots=True)
class Row:
    scenario: str
    measure: str
    tandem: str
    peer: str
    ratio: str
    target: str
    met: bool | None  # None: no target, or not measured
    measured: str = ""  # when and at which revision (filled in by benchmarks/summary.py)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _rps(m: Measured, scenario: str, target: str, connections: int) -> float:
    return _median(m.rps[(scenario, target, connections)])


def _judged(target: Target | None, ratio: float) -> tuple[str, bool | None]:
    if target is None:
        return "-", None
    return target.text, target.met(ratio)


def rows(m: Measured) -> list[Row]:
    """Issue 16's targets (benchmarks/targets.py) are on the ratio Tandem / peer."""
    out: list[Row] = []
    names = {"board": "1. board", "list": "2. list", "detail": "3. record detail"}
    for scenario, label in names.items():
        t, p = _rps(m, scenario, "tandem", 16), _rps(m, scenario, "peer", 16)
        target, met = _judged(COMPARE.get((scenario, "rps")), t / p)
        out.append(
            Row(
                label,
                "req/s, 16 connections",
                f"{t:,.0f}",
                f"{p:,.0f}",
                f"{t / p:.2f}",
                target,
                met,
            )
        )
        for which, stats in (("p50", m.p50), ("p95", m.p95)):
            t_ms = _median(stats[(scenario, "tandem", 1)])
            p_ms = _median(stats[(scenario, "peer", 1)])
            target, met = _judged(COMPARE.get((scenario, which)), t_ms / p_ms)
            out.append(
                Row(
                    label,
                    f"{which} ms, 1 connection",
                    f"{t_ms:.1f}",
                    f"{p_ms:.1f}",
                    f"{t_ms / p_ms:.2f}",
                    target,
                    met,
                )
            )
    t, p = _rps(m, "dealMove", "tandem", 16), _rps(m, "dealMove", "peer", 16)
    target, met = _judged(COMPARE.get(("dealMove", "rps")), t / p)
    out.append(
        Row(
            "4. dealMove",
            "req/s, 16 connections",
            f"{t:,.0f}",
            f"{p:,.0f}",
            f"{t / p:.2f}",
            target,
            met,
        )
    )
    t, bare, p = (_rps(m, "floor", x, 16) for x in ("tandem", "bare", "peer"))
    target, met = _judged(COMPARE.get(("floor", "rps")), t / bare)
    out.append(
        Row(
            "6. floor",
            "`{ __typename }` req/s vs bare Starlette",
            f"{t:,.0f}",
            f"bare {bare:,.0f}; PostGraphile {p:,.0f}",
            f"{t / bare:.2f} of bare",
            target,
            met,
        )
    )
    return out


def table(result_rows: list[Row]) -> str:
    lines = [
        "| scenario | measure | Tandem | PostGraphile v5 | Tandem / peer | target | met "
        "| measured (UTC, revision) |",
        "|---|---|---:|---:|---:|---|---|---|",
    ]
    for r in result_rows:
        met = "-" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(
            f"| {r.scenario} | {r.measure} | {r.tandem} | {r.peer} | {r.ratio} | {r.target} "
            f"| {met} | {r.measured or '-'} |"
        )
    return "\n".join(lines)


def raw(m: Measured) -> dict[str, dict[str, list[float]]]:
    def keyed(d: dict[tuple[str, str, int], list[float]]) -> dict[str, list[float]]:
        return {f"{s}/{t}/c{c}": v for (s, t, c), v in d.items()}

    return {"rps": keyed(m.rps), "p50_ms": keyed(m.p50), "p95_ms": keyed(m.p95)}


def measured_from(raw_numbers: dict[str, dict[str, list[float]]]) -> Measured:
    """The inverse of ``raw``: a run's numbers read back from its JSON."""

    def unkeyed(d: dict[str, list[float]]) -> dict[tuple[str, str, int], list[float]]:
        out = {}
        for key, values in d.items():
            scenario, target, connections = key.rsplit("/", 2)
            out[(scenario, target, int(connections.removeprefix("c")))] = values
        return out

    return Measured(
        rps=unkeyed(raw_numbers["rps"]),
        p50=unkeyed(raw_numbers["p50_ms"]),
        p95=unkeyed(raw_numbers["p95_ms"]),
    )
