"""What every scenario needs: a database to run on, a server subprocess, signed-in HTTP clients,
interleaved timing, robust statistics and a description of the machine."""

from __future__ import annotations

import gc
import importlib.metadata
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import orjson

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_DATABASE = "tandem_bench"
LOGIN = """
mutation BenchLogin($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken }
}
"""


class BenchError(Exception):
    """The benchmark cannot run or produced a wrong answer; the message says which."""


# Databases -------------------------------------------------------------------------------------


def backend_of(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgres"


def _pg_with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


async def _pg_admin(url: str, sql: str) -> Any:
    conn = await asyncpg.connect(_pg_with_database(url, "postgres"), timeout=10)
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()


@dataclass(frozen=True, slots=True)
class BenchDatabase:
    url: str
    backend: str
    # Created for this run and dropped at its end (PostgreSQL's default bench database).
    owned: bool


async def open_bench_database(url: str, default_name: str = DEFAULT_PG_DATABASE) -> BenchDatabase:
    """SQLite: the file as given. PostgreSQL: the database the URL names, or, when it names
    none, ``default_name`` (``tandem_bench``), created here if missing and ours to drop
    afterwards."""
    backend = backend_of(url)
    if backend == "sqlite":
        path = url.split("://", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return BenchDatabase(url, backend, owned=False)
    name = urlsplit(url).path.strip("/")
    if name:
        return BenchDatabase(url, backend, owned=False)
    try:
        exists = await _pg_admin(url, f"SELECT 1 FROM pg_database WHERE datname = '{default_name}'")
        if not exists:
            await _pg_admin(url, f'CREATE DATABASE "{default_name}"')
    except (OSError, asyncpg.PostgresError) as exc:
        raise BenchError(f"PostgreSQL at {url} is not usable: {exc}") from exc
    return BenchDatabase(_pg_with_database(url, default_name), backend, owned=True)


async def create_missing_database(url: str) -> None:
    """Create the PostgreSQL database a URL names when it does not exist yet (kept afterwards:
    compare's loaded data is reused by the next run)."""
    name = urlsplit(url).path.strip("/")
    if backend_of(url) != "postgres" or not name or '"' in name:
        return
    try:
        if not await _pg_admin(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
            await _pg_admin(url, f'CREATE DATABASE "{name}"')
    except (OSError, asyncpg.PostgresError) as exc:
        raise BenchError(f"PostgreSQL at {url} is not usable: {exc}") from exc


async def drop_bench_database(database: BenchDatabase) -> None:
    if database.owned:
        name = urlsplit(database.url).path.strip("/")
        await _pg_admin(database.url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def database_version(url: str) -> str:
    if backend_of(url) == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1), timeout=10)
    try:
        version = await conn.fetchval("SHOW server_version")
    finally:
        await conn.close()
    return f"PostgreSQL {version}"


async def vacuum(url: str) -> None:
    """VACUUM ANALYZE a PostgreSQL database: a reused benchmark database carries the dead rows
    of earlier runs' moves (this machine runs PostgreSQL with autovacuum off), which slow
    every scan of the tables they touched, for both servers alike but not run to run alike."""
    if backend_of(url) == "sqlite":
        return
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1), timeout=10)
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


# The server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True, slots=True)
class RunningServer:
    base_url: str
    pid: int

    def cpu_ns(self) -> int:
        """CPU time the server process has used so far, all threads (aiosqlite's included),
        from the scheduler's per-thread counters: nanoseconds, unaffected by time spent
        waiting for a core. PostgreSQL's own processes are not in it."""
        total = 0
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):  # a thread that just ended
                continue
        return total

    @property
    def measures_cpu(self) -> bool:
        return Path(f"/proc/{self.pid}/task").is_dir()


@contextmanager
def server_process(
    database_url: str,
    log: IO[bytes],
    options: Sequence[str] = (),
    *,
    stop_timeout: float = 15,
    root: Path = ROOT,
) -> Iterator[RunningServer]:
    """``python -m benchmarks.server`` on a free port; waits for /readyz, stops it after.
    ``root``: another checkout's server, with that checkout's interpreter (an A/B run)."""
    port = free_port()
    python = root / ".venv" / "bin" / "python"
    interpreter = str(python) if root != ROOT and python.exists() else sys.executable
    command = [interpreter, "-m", "benchmarks.server", "--database-url", database_url]
    proc = subprocess.Popen(
        [*command, "--port", str(port), *options],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise BenchError(f"the server exited with {proc.returncode}; see {log.name}")
            try:
                if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"the server did not become ready in 60 s; see {log.name}")
            time.sleep(0.1)
        yield RunningServer(base_url, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=stop_timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# Clients ---------------------------------------------------------------------------------------


def graphql_errors(body: Any) -> list[Any]:
    return list(body.get("errors") or []) if isinstance(body, dict) else ["not a JSON object"]


def sign_in(client: httpx.Client, email: str, password: str) -> str:
    response = client.post(
        "/graphql", json={"query": LOGIN, "variables": {"email": email, "password": password}}
    )
    body = orjson.loads(response.content)
    if response.status_code != 200 or graphql_errors(body):
        raise BenchError(f"sign-in as {email} failed: {response.status_code} {body}")
    return str(body["data"]["login"]["accessToken"])


@dataclass(frozen=True, slots=True)
class Arm:
    """One thing to time: a request to build (untimed), send (timed) and check (untimed)."""

    name: str
    build: Callable[[httpx.Client], httpx.Request]
    check: Callable[[httpx.Response], None]


@dataclass(slots=True)
class Samples:
    # Seconds per request, in run order; index i of every arm belongs to the same round.
    seconds: dict[str, list[float]]
    response_bytes: dict[str, int]
    # Server CPU seconds per request, when measured: from one request's start to the next's.
    cpu_seconds: dict[str, list[float]]


def interleaved(
    client: httpx.Client,
    arms: Sequence[Arm],
    *,
    runs: int,
    warmup: int,
    seed: int = 1,
    server_cpu_ns: Callable[[], int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Samples:
    """``warmup + runs`` rounds; each round sends every arm once, in a freshly shuffled order,
    so that drift, a busy neighbour or a periodic pause (the server's garbage collector runs
    every few requests) hits every arm alike rather than in step with a fixed rotation.
    Every response is checked; only the send-and-receive is timed.

    With ``server_cpu_ns``, the server's CPU time from one request's start to the next's is
    charged to the first: everything the request caused, a collection after the response
    included, and nothing of the waiting for a core that a loaded machine adds to wall time.
    """
    rng = random.Random(seed)
    seconds: dict[str, list[float]] = {arm.name: [] for arm in arms}
    cpu: dict[str, list[float]] = {arm.name: [] for arm in arms} if server_cpu_ns else {}
    sizes: dict[str, int] = {}
    previous: tuple[str, int] | None = None  # (arm, server CPU at its start) if timed

    def charge(now: int) -> None:
        if previous is not None:
            cpu[previous[0]].append((now - previous[1]) / 1e9)

    gc.collect()
    gc.disable()
    try:
        for round_no in range(warmup + runs):
            order = list(arms)
            rng.shuffle(order)
            for arm in order:
                request = arm.build(client)
                if server_cpu_ns is not None:
                    now = server_cpu_ns()
                    charge(now)
                    previous = (arm.name, now) if round_no >= warmup else None
                start = time.perf_counter()
                response = client.send(request)
                elapsed = time.perf_counter() - start
                arm.check(response)
                sizes[arm.name] = len(response.content)
                if round_no >= warmup:
                    seconds[arm.name].append(elapsed)
            if progress is not None:
                progress(round_no + 1)
        if server_cpu_ns is not None:
            time.sleep(0.05)  # let the last request's aftermath finish
            charge(server_cpu_ns())
    finally:
        gc.enable()
    return Samples(seconds, sizes, cpu)


# Statistics ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stats:
    n: int
    p25: float
    median: float
    p90: float
    mean: float
    minimum: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        deciles = statistics.quantiles(samples, n=20, method="inclusive")
        return cls(
            n=len(samples),
            p25=deciles[4],
            median=statistics.median(samples),
            p90=deciles[17],
            mean=statistics.fmean(samples),
            minimum=min(samples),
        )


def paired_ratio(numerator: Sequence[float], denominator: Sequence[float]) -> float:
    """Median of per-round ratios: each round's two requests ran back to back."""
    return statistics.median(a / b for a, b in zip(numerator, denominator, strict=True))


def ratio_interval(
    numerator: Sequence[float],
    denominator: Sequence[float],
    *,
    statistic: Callable[[Sequence[float]], float] = statistics.median,
    rounds: int = 2000,
    seed: int = 1,
) -> tuple[float, float]:
    """95% bootstrap interval of statistic(numerator) / statistic(denominator), resampling
    rounds (pairs stay together)."""
    rng = random.Random(seed)
    n = len(numerator)
    ratios = []
    for _ in range(rounds):
        picks = [rng.randrange(n) for _ in range(n)]
        ratios.append(
            statistic([numerator[i] for i in picks]) / statistic([denominator[i] for i in picks])
        )
    ratios.sort()
    return ratios[int(0.025 * rounds)], ratios[int(0.975 * rounds) - 1]


# The machine -----------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            # The results files are what the runs write: a run rewriting them (e.g. an earlier
            # scenario of `make bench-all`) does not make the code measured uncommitted.
            [
                "git",
                "status",
                "--porcelain",
                "--untracked-files=no",
                "--",
                ".",
                ":!benchmarks/results",
                ":!benchmarks/README.md",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{rev}{' (with uncommitted changes)' if dirty else ''}"


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> dict[str, str]:
    versions = ", ".join(
        f"{package} {importlib.metadata.version(package)}"
        for package in ("strawberry-graphql", "starlette", "uvicorn", "tortoise-orm", "httpx")
    )
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{_cpu_model()}, {os.cpu_count()} logical cores",
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "load": load_average(),
        "revision": _git_revision(),
    }
