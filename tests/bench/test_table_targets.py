"""The benchmark table judges each row against issue 16's targets (benchmarks/targets.py) from
the measured numbers alone, and says what stands in the way of each target not met."""

from __future__ import annotations

from benchmarks import compare_report as report
from benchmarks import summary
from benchmarks.compare import Measured


def _measured(tandem_rps: float, peer_rps: float) -> Measured:
    m = Measured()
    for scenario in ("board", "list", "detail", "dealMove", "floor"):
        for who, rps in (("tandem", tandem_rps), ("peer", peer_rps), ("bare", peer_rps)):
            m.rps[(scenario, who, 16)] = [rps, rps * 2, rps * 3]
            m.p50[(scenario, who, 1)] = [1000 / rps]
            m.p95[(scenario, who, 1)] = [2000 / rps]
    return m


def test_rows_meet_their_targets_by_ratio() -> None:
    ahead = {(r.scenario, r.measure): r for r in report.rows(_measured(200, 100))}
    behind = {(r.scenario, r.measure): r for r in report.rows(_measured(50, 100))}

    board = ("1. board", "req/s, 16 connections")
    assert (ahead[board].ratio, ahead[board].target, ahead[board].met) == ("2.00", ">= 1.0x", True)
    assert behind[board].met is False
    # 0.5x the peer: enough for dealMove (>= 0.25x) and the floor (>= 0.5), not for the list.
    assert behind[("4. dealMove", "req/s, 16 connections")].met is True
    assert behind[("6. floor", "`{ __typename }` req/s vs bare Starlette")].met is True
    assert behind[("2. list", "req/s, 16 connections")].met is False
    # Latency: lower is better, and only the board's p50 has a target.
    assert behind[("1. board", "p50 ms, 1 connection")].met is False
    assert ahead[("1. board", "p50 ms, 1 connection")].met is True
    assert ahead[("2. list", "p95 ms, 1 connection")].met is None


def test_every_unmet_scenario_gets_its_obstacle_written_under_the_table() -> None:
    rows = report.rows(_measured(50, 100))
    written = summary.obstacles(rows)

    assert [line.split(":")[0] for line in written] == [
        "not met, board",
        "not met, list",
        "not met, record detail",
    ]
