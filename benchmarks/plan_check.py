"""Plans on and off, side by side, on the compare scenario's data (a development aid, not a
result; schema/planned_completion.py explains plans).

``check``: every document below, as every role template's demo user, answered twice in one
process (the app behind httpx's ASGI transport): with plans, and with plans switched off so
that graphql-core completes every field. The two answers (data AND errors, in order) must be
identical; differences are written to benchmarks/results/raw/plan-check-*.json.
``time``: the compare scenarios' requests in-process, median wall time and process CPU per
request (the client's included), for quick A/B runs while profiling (e.g. under py-spy).

    python -m benchmarks.plan_check check
    python -m benchmarks.plan_check time --runs 50
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import httpx
import orjson
import typer
from rich.console import Console

from benchmarks import compare_queries as q
from benchmarks.harness import ROOT
from benchmarks.server import bench_app, bench_settings
from schema.planned_completion import PlanningExecutor
from server.bench_data import demo_email
from server.demo_data import DEMO_PASSWORD

URL = "postgres://postgres@127.0.0.1:5432/tandem_bench_smb"
ROLES = (
    "owner",
    "admin",
    "senior.manager",
    "manager",
    "salesperson",
    "marketing",
    "support",
    "read.only",
)
# The compare scenarios, then selections that exercise delegation: hidden money, async fields,
# relations no list loads ahead, fragments and directives, a node.
DOCUMENTS = (
    q.TANDEM_BOARD,
    q.TANDEM_LIST,
    q.TANDEM_DETAIL,
    """query { deals(first: 60) { totalCount edges { cursor node { __typename id title
      cost { amount currency } margin { amount } amount { amount currency } owner { id name email }
      company { name owner { name } } contact { firstName company { name } } stage { name }
      pipeline { name } department { name } } } pageInfo { hasNextPage endCursor } } }""",
    """query { contacts(first: 80, orderBy: [{field: LAST_NAME, direction: ASC}]) { edges {
      node { ...C ... on Contact { email @skip(if: true) phone @include(if: true) } } } }
    } fragment C on Contact { id firstName lastName lifecycleStage owner { name }
      company { id name owner { name email } } }""",
    """query { deals(first: 40, orderBy: [{field: TITLE, direction: DESC}]) { edges { node {
      id title tags custom lastActivity { id subject owner { name } } stage { id name }
      company { name owner { name departments { name } } contacts(first: 2) { edges { node {
      firstName } } } } contact { email company { name } } owner { name email }
      margin { amount } } } } }""",
    """query { pipelines { id name stages { id name deals(first: 20) { totalCount edges {
      node { id title tags lastActivity { kind } owner { name } cost { amount } } } } } } }""",
    """query($id: ID!) { node(id: $id) { id ... on Contact { firstName owner { name }
      company { name deals(first: 3) { edges { node { title owner { email } } } } } } } }""",
)

console = Console()
_PLAN_FOR = "_plan_for"  # the executor's plan lookup: answering None completes field by field
cli = typer.Typer(add_completion=False)


@contextmanager
def plans_off() -> Iterator[None]:
    original = PlanningExecutor._plan_for

    def never(self: PlanningExecutor, return_type: Any, details: Any) -> Any:
        return None

    setattr(PlanningExecutor, _PLAN_FOR, never)
    try:
        yield
    finally:
        setattr(PlanningExecutor, _PLAN_FOR, original)


async def _token(client: httpx.AsyncClient, role: str) -> str:
    login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
    body = {"query": login, "variables": {"e": demo_email(role), "p": DEMO_PASSWORD}}
    answer = (await client.post("/graphql", json=body)).json()
    return str(answer["data"]["login"]["accessToken"])


async def _post(client: httpx.AsyncClient, token: str, body: dict[str, Any]) -> Any:
    response = await client.post(
        "/graphql", json=body, headers={"authorization": f"Bearer {token}"}
    )
    return response.json()


def _variables(document: str, fixture: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in fixture.items() if f"${name}" in document}


async def _fixture(client: httpx.AsyncClient, token: str) -> dict[str, str]:
    first = await _post(client, token, q.body(q.TANDEM_LIST))
    contacts = first["data"]["contacts"]
    return {"after": contacts["pageInfo"]["endCursor"], "id": contacts["edges"][0]["node"]["id"]}


async def _check(url: str) -> int:
    app = bench_app(bench_settings(url))
    differences: list[dict[str, Any]] = []
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        fixture: dict[str, str] | None = None
        for role in ROLES:
            token = await _token(client, role)
            fixture = fixture or await _fixture(client, token)
            for index, document in enumerate(DOCUMENTS):
                body = q.body(document, _variables(document, fixture))
                planned = await _post(client, token, body)
                with plans_off():
                    plain = await _post(client, token, body)
                same = planned == plain
                errors = len(planned.get("errors") or [])
                console.print(
                    f"{role:<15} document {index}: {'same' if same else 'DIFFERENT'}"
                    f" ({errors} errors)"
                )
                if not same:
                    differences.append(
                        {"role": role, "document": index, "planned": planned, "plain": plain}
                    )
    if differences:
        out = ROOT / "benchmarks" / "results" / "raw" / f"plan-check-{int(time.time())}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(orjson.dumps(differences, option=orjson.OPT_INDENT_2))
        console.print(f"[red]{len(differences)} different answers[/red]: {out}")
    return len(differences)


async def _time(url: str, runs: int) -> None:
    app = bench_app(bench_settings(url))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        token = await _token(client, "owner")
        fixture = await _fixture(client, token)
        scenarios = {
            "board": q.TANDEM_BOARD,
            "list": q.TANDEM_LIST,
            "detail": q.TANDEM_DETAIL,
            "floor": q.TYPENAME,
        }
        for name, document in scenarios.items():
            body = q.body(document, _variables(document, fixture))
            for _ in range(5):
                await _post(client, token, body)
            walls, cpus = [], []
            for _ in range(runs):
                wall, cpu = time.perf_counter(), time.process_time()
                await _post(client, token, body)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            console.print(
                f"{name:<7} median {statistics.median(walls) * 1000:7.2f} ms wall,"
                f" {statistics.median(cpus) * 1000:7.2f} ms CPU"
            )


@cli.command()
def check(database_url: Annotated[str, typer.Option()] = URL) -> None:
    """Plans on and off give the same answers (exit 1 if not)."""
    if asyncio.run(_check(database_url)):
        raise typer.Exit(1)


@cli.command("time")
def time_requests(
    database_url: Annotated[str, typer.Option()] = URL,
    runs: Annotated[int, typer.Option()] = 30,
) -> None:
    """In-process medians of the compare scenarios' requests."""
    asyncio.run(_time(database_url, runs))


if __name__ == "__main__":
    cli()
