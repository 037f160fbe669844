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

import asyncio
import contextlib
import multiprocessing
import os
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
import orjson

OWNER, MANAGER, SALESPERSON = "owner", "manager", "salesperson"
ROLES = (OWNER, MANAGER, SALESPERSON)
# One subscriber in this many (per role) also selects the deal's cost.
COST_EVERY = 10
CONNECT_AT_ONCE = 100
PROTOCOL = "graphql-transport-ws"

PLAIN = """
subscription Fanout($pipelineId: ID!) {
  pipelineEvents(pipelineId: $pipelineId) {
    cursor kind recordId changedFields
    record { ... on Deal { title } }
  }
}
"""
WITH_COST = """
subscription FanoutCost($pipelineId: ID!) {
  pipelineEvents(pipelineId: $pipelineId) {
    cursor kind recordId changedFields
    record { ... on Deal { title cost { amount } } }
  }
}
"""
DEALS = """
{ deals(first: 50) { edges { node {
    id cost { amount } pipeline { id stages { id position } }
} } } }
"""
MOVE = """
mutation FanoutMove($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }
"""


@dataclass(frozen=True, slots=True)
class Seat:
    """One subscriber: its role, whether it selects cost, and its token."""

    role: str
    cost: bool
    token: str


def seats(n: int, tokens: dict[str, str]) -> list[Seat]:
    """``n`` subscribers, round robin over the roles; every COST_EVERY-th of a role selects
    cost."""
    out = []
    for i in range(n):
        role = ROLES[i % len(ROLES)]
        out.append(Seat(role, (i // len(ROLES)) % COST_EVERY == 0, tokens[role]))
    return out


def raise_open_files(wanted: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard == resource.RLIM_INFINITY else min(max(soft, wanted), hard)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


# Client process -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    count: int = 0
    first_ns: int = 0
    last_ns: int = 0


@dataclass(slots=True)
class _Client:
    """What one client process has heard."""

    expected: int
    secrets: tuple[str, ...]
    # To the main process: ("heard", cursor, first ns, last ns) once all seats here heard it.
    conn: Connection
    tallies: dict[int, _Tally] = field(default_factory=dict)
    per_seat: list[list[int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ended: int = 0
    closing: bool = False

    def problem(self, text: str) -> None:
        if len(self.problems) < 20:
            self.problems.append(text)


def _check(state: _Client, seat: Seat, text: str, event: dict[str, Any], errors: Any) -> None:
    record = event.get("record") or {}
    if seat.role == SALESPERSON:
        if "cost" in event.get("changedFields", ()):
            state.problem("a salesperson was told cost changed")
        if record.get("cost") is not None:
            state.problem(f"a salesperson received cost {record['cost']}")
        if seat.cost and {e.get("extensions", {}).get("code") for e in errors or ()} != {
            "FORBIDDEN"
        }:
            state.problem(f"a salesperson selecting cost got errors {errors}")
        for secret in state.secrets:
            if secret in text:
                state.problem(f"a salesperson frame contains a cost amount {secret}")
    elif seat.cost and record.get("cost") is None:
        state.problem(f"an {seat.role} selecting cost got none ({errors})")


async def _subscriber(
    index: int,
    seat: Seat,
    ws_url: str,
    pipeline_id: str,
    state: _Client,
    gate: asyncio.Semaphore,
    connected: list[Any],
) -> None:
    import websockets

    async with gate:
        socket = await websockets.connect(
            ws_url,
            subprotocols=[PROTOCOL],  # type: ignore[list-item]
            compression=None,
            ping_interval=None,
            open_timeout=120,
            max_queue=None,
        )
        await socket.send(
            orjson.dumps(
                {"type": "connection_init", "payload": {"Authorization": f"Bearer {seat.token}"}}
            ).decode()
        )
        ack = orjson.loads(await socket.recv())
        if ack.get("type") != "connection_ack":
            raise RuntimeError(f"no connection_ack: {ack}")
        await socket.send(
            orjson.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {
                        "query": WITH_COST if seat.cost else PLAIN,
                        "variables": {"pipelineId": pipeline_id},
                    },
                }
            ).decode()
        )
    connected.append(socket)
    heard = state.per_seat[index]
    try:
        async for frame in socket:
            now = time.monotonic_ns()
            text = frame if isinstance(frame, str) else frame.decode()
            message = orjson.loads(text)
            kind = message.get("type")
            if kind == "next":
                payload = message["payload"]
                event = (payload.get("data") or {}).get("pipelineEvents")
                if event is None:
                    state.problem(f"an event without data: {payload}")
                    continue
                cursor = int(event["cursor"])
                heard.append(cursor)
                _check(state, seat, text, event, payload.get("errors"))
                tally = state.tallies.get(cursor)
                if tally is None:
                    tally = state.tallies[cursor] = _Tally(0, now, now)
                tally.count += 1
                tally.last_ns = now
                if tally.count == state.expected:
                    state.conn.send(("heard", cursor, tally.first_ns, now))
            elif kind == "ping":
                await socket.send('{"type":"pong"}')
            elif kind != "pong":
                state.problem(f"unexpected frame: {text[:300]}")
                state.ended += 1
                return
    except websockets.ConnectionClosed as closed:
        if not state.closing:
            state.problem(f"socket closed by the server: {closed}")
            state.ended += 1


def client_process(
    conn: Connection,
    ws_url: str,
    pipeline_id: str,
    mine: Sequence[Seat],
    secrets: tuple[str, ...],
) -> None:
    """Entry point of one client process: connect, then obey the main process."""
    raise_open_files(len(mine) + 256)
    with contextlib.suppress(ImportError):
        import uvloop

        uvloop.install()
    asyncio.run(_client_main(conn, ws_url, pipeline_id, mine, secrets))


async def _client_main(
    conn: Connection,
    ws_url: str,
    pipeline_id: str,
    mine: Sequence[Seat],
    secrets: tuple[str, ...],
) -> None:
    state = _Client(expected=len(mine), secrets=secrets, conn=conn, per_seat=[[] for _ in mine])
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)
    sockets: list[Any] = []
    started = time.monotonic()
    tasks = [
        asyncio.create_task(_subscriber(i, seat, ws_url, pipeline_id, state, gate, sockets))
        for i, seat in enumerate(mine)
    ]
    while len(sockets) < len(mine):
        failed = [t for t in tasks if t.done() and t.exception() is not None]
        if failed:
            conn.send(("failed", f"{len(failed)} subscribers failed: {failed[0].exception()!r}"))
            return
        await asyncio.sleep(0.05)
    conn.send(("connected", len(sockets), time.monotonic() - started))

    # Commands are read in a thread: an event loop's add_reader may make the pipe
    # non-blocking, and a large report written to a non-blocking pipe fails half-way.
    loop = asyncio.get_running_loop()
    cpu_mark = time.process_time()
    try:
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            if command == "mark":
                cpu_mark = time.process_time()
                conn.send(("marked",))
            elif command == "report":
                conn.send(
                    (
                        "report",
                        {
                            "cpu_seconds": time.process_time() - cpu_mark,
                            "counts": {c: t.count for c, t in state.tallies.items()},
                            # (events heard, distinct events heard) per seat, in seat order
                            "per_seat": [(len(h), len(set(h))) for h in state.per_seat],
                            "problems": state.problems,
                            "ended": state.ended,
                        },
                    )
                )
            elif command == "close":
                state.closing = True
                break
    finally:
        await _close_all(sockets)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        conn.send(("closed",))


async def _close_all(sockets: list[Any]) -> None:
    gate = asyncio.Semaphore(500)

    async def one(socket: Any) -> None:
        async with gate:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(socket.close(), 5)

    await asyncio.gather(*(one(s) for s in sockets))


# Main process --------------------------------------------------------------------------------


class Clients:
    """The client processes, each with its share of the seats."""

    def __init__(
        self,
        processes: int,
        ws_url: str,
        pipeline_id: str,
        all_seats: Sequence[Seat],
        secrets: tuple[str, ...],
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self.conns: list[Connection] = []
        self.procs: list[Any] = []
        for p in range(processes):
            mine = list(all_seats[p::processes])
            parent, child = context.Pipe()
            proc = context.Process(
                target=client_process,
                args=(child, ws_url, pipeline_id, mine, secrets),
                name=f"fanout-client-{p}",
                daemon=True,
            )
            proc.start()
            self.conns.append(parent)
            self.procs.append(proc)

    def _receive(self, conn: Connection, timeout: float) -> Any:
        if not conn.poll(timeout):
            raise TimeoutError("a client process did not answer in time")
        return conn.recv()

    def wait_connected(self, timeout: float) -> float:
        deadline = time.monotonic() + timeout
        slowest = 0.0
        for conn in self.conns:
            message = self._receive(conn, max(0.1, deadline - time.monotonic()))
            if message[0] != "connected":
                raise RuntimeError(message[1])
            slowest = max(slowest, message[2])
        return slowest

    def wait_heard(self, timeout: float) -> tuple[int, int, int]:
        """(cursor, first frame ns, last frame ns) of the next event every subscriber heard."""
        deadline = time.monotonic() + timeout
        cursors, first, last = set(), [], []
        for conn in self.conns:
            message = self._receive(conn, max(0.01, deadline - time.monotonic()))
            if message[0] != "heard":
                raise RuntimeError(f"unexpected message {message}")
            cursors.add(message[1])
            first.append(message[2])
            last.append(message[3])
        if len(cursors) != 1:
            raise RuntimeError(f"client processes completed different events: {cursors}")
        return cursors.pop(), min(first), max(last)

    def command(self, what: str, answer: str, timeout: float = 60) -> list[Any]:
        for conn in self.conns:
            conn.send(what)
        replies = []
        for conn in self.conns:
            message = self._receive(conn, timeout)
            if message[0] != answer:
                raise RuntimeError(f"unexpected message {message[0]}")
            replies.append(message[1] if len(message) > 1 else None)
        return replies

    def close(self) -> None:
        for conn in self.conns:
            with contextlib.suppress(OSError):
                conn.send("close")
        for conn in self.conns:
            with contextlib.suppress(OSError, EOFError, TimeoutError):
                while self._receive(conn, 60)[0] != "closed":
                    pass
        for proc in self.procs:
            proc.join(10)
            if proc.is_alive():
                proc.terminate()
                proc.join(5)


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
