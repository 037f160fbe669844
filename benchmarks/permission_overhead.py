"""Scenario: permission overhead on a 200-row deal list (issue 4).

Requirement: the permission layer adds no more than 15% to a 200-row list query compared with
the same query run by an Owner. Both callers run the same GraphQL document, selecting only
fields both may read (no cost, no margin), and both get a full page of 200 rows: the Owner's
scope is every deal, the Salesperson's is their department's deals plus their own elsewhere,
so the row scope really filters (about 4,000 of 20,000 deals by default).

The time is measured through HTTP against a server subprocess, as a client would see it.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson

from benchmarks import baseline
from benchmarks.harness import (
    Arm,
    BenchError,
    Samples,
    Stats,
    graphql_errors,
    paired_ratio,
    ratio_interval,
)
from benchmarks.seed import BENCH_PASSWORD, bench_email

PAGE = 200
QUERY = """
query BenchDeals($first: Int!) {
  deals(first: $first, orderBy: [{field: CREATED_AT, direction: DESC}]) {
    totalCount
    edges {
      cursor
      node {
        id title amount { amount currency } probability status
        stage { name } owner { name } company { name } createdAt
      }
    }
    pageInfo { endCursor hasNextPage }
  }
}
"""
BODY = orjson.dumps({"query": QUERY, "variables": {"first": PAGE}, "operationName": "BenchDeals"})
OWNER, SALESPERSON, BASELINE = "owner", "salesperson", "baseline"
ROLES = (OWNER, SALESPERSON)


def caller_email(role: str) -> str:
    return bench_email(role)


def graphql_arm(name: str, token: str, check: Callable[[httpx.Response], None]) -> Arm:
    headers = {
        "authorization": f"Bearer {token}",
        "content-type": "application/json",
        "accept": "application/graphql-response+json, application/json",
    }

    def build(client: httpx.Client) -> httpx.Request:
        return client.build_request("POST", "/graphql", content=BODY, headers=headers)

    return Arm(name, build, check)


def baseline_arm(check: Callable[[httpx.Response], None]) -> Arm:
    def build(client: httpx.Client) -> httpx.Request:
        return client.build_request("GET", baseline.PATH, params={"first": PAGE})

    return Arm(BASELINE, build, check)


def page_check(name: str, total: int) -> Callable[[httpx.Response], None]:
    """Every response must be a full, error-free page of ``total`` visible rows."""

    def check(response: httpx.Response) -> None:
        body = orjson.loads(response.content)
        errors = graphql_errors(body)
        if response.status_code != 200 or errors:
            raise BenchError(f"{name}: HTTP {response.status_code}, errors {errors[:2]}")
        deals = body["data"]["deals"]
        rows = len(deals["edges"])
        if rows != PAGE or deals["totalCount"] != total:
            raise BenchError(
                f"{name}: got {rows} rows of {deals['totalCount']}, expected {PAGE} of {total}"
            )

    return check


def same_page(client: httpx.Client, token: str) -> None:
    """The baseline must do the Owner's work: its answer equals the Owner's, byte for value."""
    graphql = graphql_arm(OWNER, token, lambda _: None)
    owner = orjson.loads(client.send(graphql.build(client)).content)
    raw = orjson.loads(client.get(baseline.PATH, params={"first": PAGE}).content)
    if owner != raw:
        raise BenchError("the baseline's page differs from the Owner's GraphQL page")


# SQL statements per request ----------------------------------------------------------------


class _Counter(logging.Handler):
    """Counts the statements Tortoise logs at DEBUG on ``tortoise.db_client``."""

    PREFIXES = ("select", "insert", "update", "delete", "with")

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().lstrip().lower().startswith(self.PREFIXES):
            self.count += 1


@contextmanager
def _counting() -> Iterator[_Counter]:
    logger = logging.getLogger("tortoise.db_client")
    counter, level = _Counter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)


async def sql_statements(database_url: str) -> dict[str, int]:
    """Statements per request, per arm: the app in this process behind httpx's ASGI transport
    (a separate, untimed pass: statement logging would slow the timed runs)."""
    from benchmarks.server import bench_app, bench_settings

    app = bench_app(bench_settings(database_url))
    counts: dict[str, int] = {}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench.test"
        ) as client,
    ):
        for role in ROLES:
            login = await client.post(
                "/graphql",
                json={
                    "query": "mutation($e: String!, $p: String!) "
                    "{ login(email: $e, password: $p) { accessToken } }",
                    "variables": {"e": caller_email(role), "p": BENCH_PASSWORD},
                },
            )
            token = login.json()["data"]["login"]["accessToken"]
            headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
            with _counting() as counter:
                response = await client.post("/graphql", content=BODY, headers=headers)
            if graphql_errors(response.json()):
                raise BenchError(f"{role}: {response.json()['errors']}")
            counts[role] = counter.count
        with _counting() as counter:
            await client.get(baseline.PATH, params={"first": PAGE})
        counts[BASELINE] = counter.count
    return counts


# The report ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    wall: Stats
    # Mean server CPU per request, when measured.
    cpu_ms: float | None
    sql: int | None
    response_kib: float


@dataclass(frozen=True, slots=True)
class Ratios:
    """Salesperson / Owner, several ways; ``median`` is the one the requirement is read by."""

    median: float
    interval: tuple[float, float]  # 95% bootstrap interval of ``median``
    paired: float  # median of per-round ratios
    p25: float
    # Of mean server CPU per request: waiting for a core is not in it, so its mean is robust,
    # and the mean charges each arm its share of garbage-collection pauses.
    cpu: float | None
    cpu_interval: tuple[float, float] | None

    @classmethod
    def of(cls, samples: Samples) -> Ratios:
        sales, owner = samples.seconds[SALESPERSON], samples.seconds[OWNER]
        cpu, cpu_interval = None, None
        if samples.cpu_seconds:
            cpu_sales, cpu_owner = samples.cpu_seconds[SALESPERSON], samples.cpu_seconds[OWNER]
            cpu = statistics.fmean(cpu_sales) / statistics.fmean(cpu_owner)
            cpu_interval = ratio_interval(cpu_sales, cpu_owner, statistic=statistics.fmean)
        return cls(
            median=statistics.median(sales) / statistics.median(owner),
            interval=ratio_interval(sales, owner),
            paired=paired_ratio(sales, owner),
            p25=Stats.of(sales).p25 / Stats.of(owner).p25,
            cpu=cpu,
            cpu_interval=cpu_interval,
        )

    def summary(self, budget: float) -> str:
        verdict = "within" if self.median <= budget else "OVER"
        cpu = ""
        if self.cpu is not None and self.cpu_interval is not None:
            low, high = self.cpu_interval
            cpu = f"; mean server CPU per request {self.cpu:.3f} ({low:.3f} to {high:.3f})"
        return (
            f"Salesperson / Owner median: {self.median:.3f} ({verdict} the {budget:.2f} budget); "
            f"95% bootstrap interval {self.interval[0]:.3f} to {self.interval[1]:.3f}; "
            f"median of per-round ratios {self.paired:.3f}; ratio of 25th percentiles "
            f"{self.p25:.3f}{cpu}"
        )


def rows(samples: Samples, labels: dict[str, str], sql: dict[str, int]) -> list[Row]:
    return [
        Row(
            label=labels[name],
            wall=Stats.of(seconds),
            cpu_ms=statistics.fmean(samples.cpu_seconds[name]) * 1000
            if samples.cpu_seconds
            else None,
            sql=sql.get(name),
            response_kib=samples.response_bytes[name] / 1024,
        )
        for name, seconds in samples.seconds.items()
    ]


def markdown_section(
    *,
    facts: dict[str, str],
    rows: list[Row],
    ratios: Ratios,
    budget: float,
    command: str,
    extra: dict[str, str],
) -> str:
    headline, _, rest = ratios.summary(budget).partition(" (")
    lines = [
        f"## {facts['database']}",
        "",
        f"**{headline}** ({rest}.",
        "",
        "| arm | p25 ms | median ms | p90 ms | server CPU ms (mean) | SQL statements "
        "| response KiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        cpu = "-" if row.cpu_ms is None else f"{row.cpu_ms:.1f}"
        sql = "-" if row.sql is None else str(row.sql)
        w = row.wall
        lines.append(
            f"| {row.label} | {w.p25 * 1000:.1f} | {w.median * 1000:.1f} | {w.p90 * 1000:.1f} "
            f"| {cpu} | {sql} | {row.response_kib:.0f} |"
        )
    lines += [""]
    for key, value in extra.items():
        lines.append(f"- {key}: {value}")
    lines += [
        f"- machine: {facts['cpu']}; {facts['os']}; Python {facts['python']}",
        f"- packages: {facts['packages']}",
        f"- load average (1, 5, 15 min) before / after the run: {facts['load']} / "
        f"{facts['load_after']}",
        f"- date: {facts['date']}; revision {facts['revision']}",
        f"- reproduce: `{command}`",
        "",
    ]
    return "\n".join(lines)


HEADER = """# Permission overhead: a 200-row deal list, Salesperson vs Owner

Requirement (issue 4): the permission layer adds no more than 15% to a 200-row list query
compared with the same query run by an Owner. Measured by `benchmarks/run.py permission-overhead`;
see `benchmarks/README.md`. Not asserted in tests.

What runs: one GraphQL document (`deals(first: 200, orderBy: CREATED_AT DESC)` with `totalCount`,
cursors, and per deal id, title, amount, probability, status, stage, owner and company names and
createdAt: fields both roles may read) sent over HTTP/1.1 keep-alive to a uvicorn subprocess,
by an Owner (every deal) and by a Salesperson (row scope: their department's deals plus their
own elsewhere). Both get 200 rows. Rounds are interleaved (a seeded shuffle of the arms each
round) after a warm-up; every response is checked for errors, 200 rows and the expected
totalCount.

The baseline arm is not Tandem's API: a plain Starlette route in the same server process that
fetches the same page with Tortoise (page, count, one batched query each for stages, users and
companies) and serializes it with orjson; no authentication, no GraphQL, no permission checks.
Its answer is checked equal to the Owner's. Owner minus baseline is what GraphQL, auth and the
field guards cost on this page even when nothing is hidden.

The machine is shared and noisy: quote medians and ratios, not single runs.
"""


SECTIONS = ("sqlite", "postgres", "notes")


def update_results(path: Path, name: str, section: str) -> None:
    """Replace one section of the results file (a backend's, or the hand-written notes),
    keeping the others."""
    sections: dict[str, str] = {}
    if path.exists():
        text = path.read_text()
        for key in SECTIONS:
            start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
            if start in text and end in text:
                sections[key] = text.split(start, 1)[1].split(end, 1)[0].strip("\n")
    sections[name] = section.strip("\n")
    body = [HEADER]
    for key in SECTIONS:
        if key in sections:
            body += [f"<!-- {key}:start -->", sections[key], f"<!-- {key}:end -->", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(body))
