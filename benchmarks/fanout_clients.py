"""The fan-out benchmark's subscribers: client processes, each holding many `pipelineEvents`
websockets (graphql-transport-ws), checking every event each receives against what its role may
see, and reporting latencies back to the driver (benchmarks/fanout.py)."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

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
