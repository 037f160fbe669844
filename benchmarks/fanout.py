"""Websocket fan-out: N live `pipelineEvents` subscribers, one deal moved over HTTP.

The server runs as a subprocess (benchmarks/server.py). Subscribers are raw graphql-transport-ws
clients (the `websockets` package, orjson, no GraphQL client library), spread over one or more
client processes (``multiprocessing``, spawn) so that the client can be told apart from the
server as a bottleneck: every client process reports its own CPU time.

Timing uses CLOCK_MONOTONIC (``time.monotonic_ns``), which is one clock for every process on
the machine: the main process stamps the moment it sends the mutation, each client process
stamps each frame as it reads it, and a move's latency is (last frame stamp - send stamp).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from benchmarks.fanout_clients import OWNER, Clients, Seat, rss_kib, seats

DEALS = """
{ deals(first: 50) { edges { node {
    id cost { amount } pipeline { id stages { id position } }
} } } }
"""
MOVE = """
mutation FanoutMove($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }
"""


# Client process -------------------------------------------------------------------------------


# Main process --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Board:
    pipeline_id: str
    deal_ids: list[str]
    stage_ids: list[str]
    costs: tuple[str, ...]


def board(client: httpx.Client, owner_token: str) -> Board:
    response = client.post(
        "/graphql", json={"query": DEALS}, headers={"Authorization": f"Bearer {owner_token}"}
    )
    body = orjson.loads(response.content)
    if body.get("errors"):
        raise RuntimeError(f"reading the board failed: {body['errors']}")
    nodes = [edge["node"] for edge in body["data"]["deals"]["edges"]]
    pipeline = nodes[0]["pipeline"]
    stages = [s["id"] for s in sorted(pipeline["stages"], key=lambda s: s["position"])]
    costs = tuple(sorted({str(n["cost"]["amount"]) for n in nodes if n.get("cost")}))
    return Board(pipeline["id"], [n["id"] for n in nodes], stages, costs)


def move(client: httpx.Client, owner_token: str, deal_id: str, stage_id: str) -> None:
    response = client.post(
        "/graphql",
        json={"query": MOVE, "variables": {"input": {"id": deal_id, "stageId": stage_id}}},
        headers={"Authorization": f"Bearer {owner_token}"},
    )
    body = orjson.loads(response.content)
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"moving a deal failed: {response.status_code} {body}")


@dataclass(slots=True)
class MoveSample:
    last_s: float
    first_s: float
    http_s: float
    server_cpu_s: float


@dataclass(slots=True)
class FanoutResult:
    subscribers: int
    processes: int
    connect_s: float
    rss_before_kib: int
    rss_after_kib: int
    samples: list[MoveSample]
    client_cpu_s: list[float]
    events: int
    problems: list[str]
    missing: int
    role_counts: dict[str, int]
    # Server CPU seconds per second with every subscription open and nothing published.
    idle_cpu: float
    load: str = ""

    @property
    def rss_per_subscriber_kib(self) -> float:
        return (self.rss_after_kib - self.rss_before_kib) / self.subscribers


def pid_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Target:
    """What the fan-out is measured on: Tandem, or the peer (benchmarks/peer_fanout.py)."""

    base_url: str
    ws_url: str
    # The board to move deals on, read through the target's own API.
    board: Callable[[httpx.Client], Board]
    # Move one deal (id as the target names it) to a stage.
    move: Callable[[httpx.Client, str, str], None]
    # The subscribers: roles, documents and tokens.
    seats: Callable[[int], list[Seat]]


def tandem_target(base_url: str, tokens: dict[str, str]) -> Target:
    owner = tokens[OWNER]
    return Target(
        base_url=base_url,
        ws_url=base_url.replace("http://", "ws://") + "/graphql",
        board=lambda client: board(client, owner),
        move=lambda client, deal, stage: move(client, owner, deal, stage),
        seats=lambda n: seats(n, tokens),
    )


def run_fanout(
    *,
    target: Target,
    server_pid: int,
    server_cpu_ns: Any,
    subscribers: int,
    processes: int,
    moves: int,
    warmup: int,
    pause: float,
    timeout: float,
    idle_seconds: float = 10.0,
    log: Any = print,
) -> FanoutResult:
    """Open the subscriptions, warm up, time ``moves`` deal moves, verify, close."""
    with httpx.Client(base_url=target.base_url, timeout=120) as client:
        found = target.board(client)
        # Warm the HTTP path (parser caches, loaders) before measuring memory.
        target.move(client, found.deal_ids[0], found.stage_ids[1])
        time.sleep(0.5)
        rss_before = rss_kib(server_pid)
        all_seats = target.seats(subscribers)
        clients = Clients(processes, target.ws_url, found.pipeline_id, all_seats, found.costs)
        try:
            connect_s = clients.wait_connected(timeout=600)
            log(f"{subscribers} sockets open in {connect_s:.1f} s; warming up")
            sent = 0
            for i in range(warmup):
                target.move(client, found.deal_ids[0], found.stage_ids[i % 2])
                sent += 1
                clients.wait_heard(timeout)
            time.sleep(1.0)
            rss_after = rss_kib(server_pid)
            # What N open, idle subscriptions cost the server per second: keep-alives and the
            # watchdog's periodic token re-check (server/watchdog.py), nothing published.
            idle0, idle_t0 = server_cpu_ns(), time.monotonic_ns()
            time.sleep(idle_seconds)
            idle_cpu = (server_cpu_ns() - idle0) / (time.monotonic_ns() - idle_t0)
            clients.command("mark", "marked")
            samples = []
            for i in range(moves):
                deal = found.deal_ids[i % len(found.deal_ids)]
                stage = found.stage_ids[(i // len(found.deal_ids) + 2) % 2]
                cpu0 = server_cpu_ns()
                t0 = time.monotonic_ns()
                target.move(client, deal, stage)
                t_http = time.monotonic_ns()
                sent += 1
                _, first_ns, last_ns = clients.wait_heard(timeout)
                cpu1 = server_cpu_ns()
                samples.append(
                    MoveSample(
                        (last_ns - t0) / 1e9,
                        (first_ns - t0) / 1e9,
                        (t_http - t0) / 1e9,
                        (cpu1 - cpu0) / 1e9,
                    )
                )
                log(
                    f"move {i + 1}/{moves}: last subscriber after "
                    f"{samples[-1].last_s * 1000:.0f} ms"
                )
                time.sleep(pause)
            time.sleep(0.5)
            reports = clients.command("report", "report")
        finally:
            clients.close()
    problems: list[str] = []
    missing = 0
    role_counts: dict[str, int] = {}
    for p, report in enumerate(reports):
        problems.extend(report["problems"])
        mine = all_seats[p::processes]
        for seat, (heard, distinct) in zip(mine, report["per_seat"], strict=True):
            role_counts[seat.role] = role_counts.get(seat.role, 0) + 1
            if heard != sent or distinct != sent:
                missing += 1
        if report["ended"]:
            problems.append(f"{report['ended']} subscriptions ended early")
    return FanoutResult(
        subscribers=subscribers,
        processes=processes,
        connect_s=connect_s,
        rss_before_kib=rss_before,
        rss_after_kib=rss_after,
        samples=samples,
        client_cpu_s=[r["cpu_seconds"] for r in reports],
        events=sent,
        problems=problems,
        missing=missing,
        role_counts=role_counts,
        idle_cpu=idle_cpu,
    )
