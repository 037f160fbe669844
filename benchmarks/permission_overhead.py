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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from benchmarks import baseline
from benchmarks.harness import Arm, BenchError, graphql_errors
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
    arm: str
    label: str
    p25_ms: float
    median_ms: float
    p90_ms: float
    sql: int | None
    response_kib: float


def _ms(seconds: float) -> float:
    return seconds * 1000


def markdown_section(
    *,
    backend: str,
    facts: dict[str, str],
    rows: list[Row],
    ratio: float,
    p25_ratio: float,
    paired: float,
    interval: tuple[float, float],
    budget: float,
    command: str,
    extra: dict[str, Any],
) -> str:
    verdict = "within" if ratio <= budget else "OVER"
    lines = [
        f"## {facts['database']}",
        "",
        f"**Salesperson / Owner median: {ratio:.3f}** ({verdict} the {budget:.2f} budget); "
        f"95% bootstrap interval {interval[0]:.3f} to {interval[1]:.3f}; "
        f"median of per-round ratios {paired:.3f}; ratio of 25th percentiles {p25_ratio:.3f}.",
        "",
        "| arm | p25 ms | median ms | p90 ms | SQL statements | response KiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        sql = "-" if row.sql is None else str(row.sql)
        lines.append(
            f"| {row.label} | {row.p25_ms:.1f} | {row.median_ms:.1f} | {row.p90_ms:.1f} "
            f"| {sql} | {row.response_kib:.0f} |"
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
