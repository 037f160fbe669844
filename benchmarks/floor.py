"""Scenario 6 alone: `{ __typename }` over Tandem's /graphql vs the bare `/bench/floor` route.

The full compare run takes minutes and needs the PostGraphile peer; this one needs only the
bench database and wrk. Both endpoints live in one server process and take turns in every round;
besides wrk's requests per second it reads the server's CPU time per request
(`/proc/PID/task/*/schedstat`), which a busy neighbour on this shared machine does not inflate.

``--ab-root DIR`` also starts the server of another checkout (its own `.venv`) on the same
database, and its /graphql takes turns with ours: an A/B of a change, in the same minutes.

    python -m benchmarks.floor --rounds 5
    python -m benchmarks.floor --ab-root ../tandem-main   # another checkout, e.g. of main
"""

from __future__ import annotations

import statistics
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import httpx
import typer

from benchmarks import compare_queries as q
from benchmarks import wrk
from benchmarks.harness import ROOT, RunningServer, server_process, sign_in
from server.bench_data import demo_email
from server.demo_data import DEMO_PASSWORD

DATABASE = "postgres://postgres@127.0.0.1:5432/tandem_bench_smb"


@dataclass(slots=True)
class Arm:
    name: str
    server: RunningServer
    url: str
    headers: dict[str, str]
    rps: list[float] = field(default_factory=list)
    cpu_us: list[float] = field(default_factory=list)

    def run(self, seconds: float, connections: int) -> None:
        before = self.server.cpu_ns()
        result = wrk.run(
            self.url,
            [q.body(q.TYPENAME)],
            headers=self.headers,
            connections=connections,
            seconds=seconds,
        )
        spent = self.server.cpu_ns() - before
        self.rps.append(result.rps)
        self.cpu_us.append(spent / 1000 / max(1, result.requests))


cli = typer.Typer(add_completion=False)


@cli.command()
def main(
    database_url: Annotated[str, typer.Option(help="a `tandem bench-data` database")] = DATABASE,
    rounds: Annotated[int, typer.Option(help="timed runs per arm")] = 5,
    seconds: Annotated[float, typer.Option(help="seconds per wrk run")] = 5,
    connections: Annotated[int, typer.Option(help="wrk connections")] = 16,
    ab_root: Annotated[str, typer.Option(help="another checkout to run side by side")] = "",
) -> None:
    raw = ROOT / "benchmarks" / "results" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        log = stack.enter_context((raw / "server-floor.log").open("wb"))
        ours = stack.enter_context(server_process(database_url, log))
        with httpx.Client(base_url=ours.base_url, timeout=60) as client:
            token = sign_in(client, demo_email("owner"), DEMO_PASSWORD)
        auth = {"Authorization": f"Bearer {token}"}
        arms = [
            Arm("tandem", ours, f"{ours.base_url}/graphql", auth),
            Arm("bare", ours, f"{ours.base_url}/bench/floor", {}),
        ]
        if ab_root:
            other_log = stack.enter_context((raw / "server-floor-ab.log").open("wb"))
            other = stack.enter_context(server_process(database_url, other_log, root=Path(ab_root)))
            arms.insert(1, Arm("ab", other, f"{other.base_url}/graphql", auth))
        for arm in arms:
            arm.run(2, connections)  # warm-up
            arm.rps.clear()
            arm.cpu_us.clear()
        for r in range(rounds):
            for arm in arms if r % 2 == 0 else arms[::-1]:
                arm.run(seconds, connections)
    bare = statistics.median(arms[-1].rps)
    print(f"{'arm':<8} {'req/s':>9} {'/ bare':>7} {'CPU us/req':>11}   (medians of {rounds})")
    for arm in arms:
        rps = statistics.median(arm.rps)
        cpu = statistics.median(arm.cpu_us)
        print(f"{arm.name:<8} {rps:>9,.0f} {rps / bare:>7.2f} {cpu:>11.0f}")
    for arm in arms:
        print(arm.name, [round(x) for x in arm.rps], [round(x) for x in arm.cpu_us])


if __name__ == "__main__":
    cli()
