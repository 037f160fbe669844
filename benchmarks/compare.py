"""Tandem side by side with PostGraphile v5 on the same PostgreSQL data (issue 8).

Both servers run at once on one database filled by `tandem bench-data`; wrk loads one of them at
a time, the scenarios and servers taking turns in every round, so that a busy neighbour on this
shared machine hits both alike. Each number is the median of the rounds; ratios are Tandem /
peer (or Tandem / bare endpoint for the floor) from the same run.
"""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
import orjson

from benchmarks import compare_queries as q
from benchmarks import wrk
from benchmarks.harness import (
    ROOT,
    BenchError,
    RunningServer,
    free_port,
    graphql_errors,
    sign_in,
)
from server.bench_data import demo_email
from server.demo_data import DEMO_PASSWORD

PEER_DIR = ROOT / "benchmarks" / "peer"
NODE = PEER_DIR / "node_modules" / ".bin" / "node"
MOVE_POOL = 64  # deals that the mutation scenario moves back and forth, per server


@dataclass(frozen=True, slots=True, eq=False)
class Case:
    """One wrk run: a scenario against one server."""

    scenario: str
    target: str  # "tandem", "peer" or "bare"
    connections: int
    url: str
    headers: dict[str, str]
    bodies: Any  # list of bodies, or one list per wrk thread


@dataclass(slots=True)
class Measured:
    rps: dict[tuple[str, str, int], list[float]] = field(default_factory=dict)
    p50: dict[tuple[str, str, int], list[float]] = field(default_factory=dict)
    p95: dict[tuple[str, str, int], list[float]] = field(default_factory=dict)

    def add(self, case: Case, result: wrk.WrkResult) -> None:
        key = (case.scenario, case.target, case.connections)
        self.rps.setdefault(key, []).append(result.rps)
        self.p50.setdefault(key, []).append(result.p50_ms)
        self.p95.setdefault(key, []).append(result.p95_ms)


@contextmanager
def peer_server(database_url: str, log: IO[bytes]) -> Iterator[RunningServer]:
    """PostGraphile on a free port, once it answers (its pid for CPU and memory readings)."""
    if not NODE.exists():
        raise BenchError("the peer is not installed: run benchmarks/peer/install.sh")
    port = free_port()
    proc = subprocess.Popen(
        [str(NODE), "server.mjs", database_url, str(port)],
        cwd=PEER_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if proc.poll() is not None:
                raise BenchError(f"PostGraphile exited with {proc.returncode}; see {log.name}")
            try:
                if (
                    httpx.post(f"{base}/graphql", json=q.body(q.TYPENAME), timeout=2).status_code
                    == 200
                ):
                    break
            except httpx.TransportError:
                pass
            subprocess.run(["sleep", "0.1"], check=True)
        else:
            raise BenchError(f"PostGraphile did not answer in 60 s; see {log.name}")
        yield RunningServer(base, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def peer_process(database_url: str, log: IO[bytes]) -> Iterator[str]:
    """PostGraphile on a free port; yields its /graphql URL once it answers."""
    with peer_server(database_url, log) as server:
        yield f"{server.base_url}/graphql"


def post(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    response = httpx.post(url, json=payload, headers=headers or {}, timeout=60)
    body = orjson.loads(response.content)
    if response.status_code != 200 or graphql_errors(body):
        raise BenchError(f"{url}: {response.status_code} {str(body)[:600]}")
    return body["data"]


def gid(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode()


def pk_of(global_id: str) -> int:
    return int(base64.urlsafe_b64decode(global_id.encode()).decode().split(":", 1)[1])


@dataclass(frozen=True, slots=True)
class Fixture:
    """Ids and cursors that the request bodies need, read from the servers before the run."""

    tandem_list: dict[str, Any]
    peer_list: dict[str, Any]
    contact_id: int
    stage_ids: list[int]
    move_deals: list[int]


def prepare(tandem: str, token: str, peer: str, contact_id: int) -> Fixture:
    """Reads what the bodies need and checks that both sides answer the same."""
    auth = {"Authorization": f"Bearer {token}"}
    board_t = post(tandem, q.body(q.TANDEM_BOARD), auth)
    board_p = post(peer, q.body(q.PEER_BOARD))
    columns_t, columns_p = q.board_columns("tandem", board_t), q.board_columns("peer", board_p)
    if [len(c) for c in columns_t] != [50] * 5 or columns_t != columns_p:
        raise BenchError("the board differs between Tandem and the peer (or is not 5 x 50)")
    stage_ids = [pk_of(s["id"]) for s in board_t["pipelines"][0]["stages"]]

    first_t = post(tandem, q.body(q.TANDEM_LIST), auth)["contacts"]["pageInfo"]["endCursor"]
    first_p = post(peer, q.body(q.PEER_LIST))["contacts"]["pageInfo"]["endCursor"]
    tandem_list = q.body(q.TANDEM_LIST, {"after": first_t})
    peer_list = q.body(q.PEER_LIST, {"after": first_p})
    names_t = q.list_names(post(tandem, tandem_list, auth))
    names_p = q.list_names(post(peer, peer_list))
    if len(names_t) != 100 or names_t != names_p:
        raise BenchError("the list's second page differs between Tandem and the peer")

    detail_t = post(tandem, q.body(q.TANDEM_DETAIL, {"id": gid("Contact", contact_id)}), auth)
    detail_p = post(peer, q.body(q.PEER_DETAIL, {"id": str(contact_id)}))
    sizes = q.detail_sizes("tandem", detail_t)
    if sizes != q.detail_sizes("peer", detail_p) or sizes[1] != 20:
        raise BenchError(f"the record page differs or is short: {sizes}")

    # Tandem moves deals between the first two columns, the peer between the next two: two
    # writers on one column could deadlock each other (a move renumbering a column waits for
    # a row the other holds, which waits for the stage row the first has locked) whenever a
    # run's last requests are still in flight as the next run starts.
    move_deals = []
    for stage in (stage_ids[0], stage_ids[2]):
        pool = post(
            tandem,
            q.body(
                "query($s: ID!) { deals(first: 200, filter: {stageId: $s}, "
                "orderBy: [{field: CREATED_AT, direction: ASC}]) { edges { node { id } } } }",
                {"s": gid("Stage", stage)},
            ),
            auth,
        )
        found = [pk_of(e["node"]["id"]) for e in pool["deals"]["edges"]][-MOVE_POOL:]
        if len(found) < MOVE_POOL:
            raise BenchError("not enough deals for the mutation scenario")
        move_deals += found
    return Fixture(tandem_list, peer_list, contact_id, stage_ids, move_deals)


def _moves(
    deals: list[int], stages: tuple[int, int], make: Callable[[int, int], dict[str, Any]]
) -> list[list[dict[str, Any]]]:
    """Per wrk thread, its own deals there and back: never two threads on one deal."""
    halves = [deals[: len(deals) // 2], deals[len(deals) // 2 :]]
    return [
        [make(d, stages[0]) for d in half] + [make(d, stages[1]) for d in half] for half in halves
    ]


def cases(tandem: str, token: str, peer: str, bare: str, fx: Fixture) -> list[Case]:
    auth = {"Authorization": f"Bearer {token}"}
    detail_t = q.body(q.TANDEM_DETAIL, {"id": gid("Contact", fx.contact_id)})
    detail_p = q.body(q.PEER_DETAIL, {"id": str(fx.contact_id)})
    # Each server moves its own deals between its own two columns.
    tandem_moves = _moves(
        fx.move_deals[:MOVE_POOL],
        (fx.stage_ids[1], fx.stage_ids[0]),
        lambda d, s: q.body(q.TANDEM_MOVE, {"id": gid("Deal", d), "stageId": gid("Stage", s)}),
    )
    peer_moves = _moves(
        fx.move_deals[MOVE_POOL:],
        (fx.stage_ids[3], fx.stage_ids[2]),
        lambda d, s: q.body(q.PEER_MOVE, {"id": str(d), "stageId": str(s)}),
    )
    out: list[Case] = []
    for connections in (16, 1):
        out += [
            Case("board", "tandem", connections, tandem, auth, [q.body(q.TANDEM_BOARD)]),
            Case("board", "peer", connections, peer, {}, [q.body(q.PEER_BOARD)]),
            Case("list", "tandem", connections, tandem, auth, [fx.tandem_list]),
            Case("list", "peer", connections, peer, {}, [fx.peer_list]),
            Case("detail", "tandem", connections, tandem, auth, [detail_t]),
            Case("detail", "peer", connections, peer, {}, [detail_p]),
        ]
    out += [
        Case("dealMove", "tandem", 16, tandem, auth, tandem_moves),
        Case("dealMove", "peer", 16, peer, {}, peer_moves),
        Case("floor", "tandem", 16, tandem, auth, [q.body(q.TYPENAME)]),
        Case("floor", "bare", 16, bare, {}, [q.body(q.TYPENAME)]),
        Case("floor", "peer", 16, peer, {}, [q.body(q.TYPENAME)]),
    ]
    return out


def owner_token(base_url: str) -> str:
    with httpx.Client(base_url=base_url, timeout=60) as client:
        return sign_in(client, demo_email("owner"), DEMO_PASSWORD)


def measure(
    all_cases: list[Case],
    *,
    rounds: int,
    seconds: float,
    warmup: float,
    pin_cpu: str | None,
    progress: Callable[[str], None],
) -> Measured:
    durations: dict[Case, float] = {}
    for case in all_cases:  # warm both servers' caches and JITs, untimed
        progress(f"warm-up {case.scenario} {case.target} c{case.connections}")
        warm = wrk.run(
            case.url,
            case.bodies,
            headers=case.headers,
            connections=case.connections,
            seconds=warmup,
            pin_cpu=pin_cpu,
            allow_empty=True,
        )
        durations[case] = duration(seconds, case.connections, warm)
    measured = Measured()
    for r in range(rounds):
        # Alternate which server goes first in each pair, round by round.
        order = all_cases if r % 2 == 0 else _swap_pairs(all_cases)
        for case in order:
            progress(f"round {r + 1}/{rounds}: {case.scenario} {case.target} c{case.connections}")
            measured.add(
                case,
                wrk.run(
                    case.url,
                    case.bodies,
                    headers=case.headers,
                    connections=case.connections,
                    seconds=durations[case],
                    pin_cpu=pin_cpu,
                ),
            )
    return measured


def duration(seconds: float, connections: int, warm: wrk.WrkResult) -> float:
    """Long enough for 20 requests per connection at the warm-up's rate (at most 30 s):
    wrk counts only requests completed within the run, so at a few requests per second the
    ones in flight at its end would otherwise weigh on the result."""
    rate = warm.rps if warm.requests else 0.5
    return float(min(30, max(seconds, round(20 * connections / rate + 0.5))))


def _swap_pairs(all_cases: list[Case]) -> list[Case]:
    out = list(all_cases)
    for i in range(0, len(out) - 1, 2):
        if out[i].scenario == out[i + 1].scenario:
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


def raw_path(stamp: str) -> Path:
    return ROOT / "benchmarks" / "results" / "raw" / f"compare-{stamp}.json"
