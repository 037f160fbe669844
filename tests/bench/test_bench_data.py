"""`tandem bench-data`: the benchmark generator at its tiny size fills every table with the
planned counts, and Tandem's API reads the data (board, list, record page, a deal move)."""

from __future__ import annotations

from typing import Any

import pytest

from models import Activity, Comment, Company, Contact, Deal, Task
from server.bench_data import SIZES, BenchDataRefused, demo_email, fill
from server.demo_data import DEMO_PASSWORD
from tests.support.accounts import LOGIN
from tests.support.graphql import GraphQLClient

TINY = SIZES["tiny"]
BOARD = """
query { pipelines { name stages { id name deals(first: 50) { edges { node {
  id title position version company { name } contact { firstName } owner { name } } } } } } }
"""
CONTACT = """
query($id: ID!) {
  node(id: $id) { ... on Contact { firstName company { name } deals(first: 50) { totalCount } } }
  activities(first: 20, filter: {contactId: $id}) { totalCount edges { node { kind } } }
}
"""


def _quiet(table: str, done: int, total: int) -> None:
    assert 0 <= done <= total


async def _owner(api: GraphQLClient) -> str:
    body = await api.ok(LOGIN, {"email": demo_email("owner"), "password": DEMO_PASSWORD})
    return str(body["login"]["accessToken"])


async def test_tiny_bench_data_has_the_planned_rows(api: GraphQLClient, database_url: str) -> None:
    loaded = await fill(database_url, TINY, progress=_quiet)
    assert not loaded.reused
    counts = [await m.all().count() for m in (Company, Contact, Deal, Activity, Task, Comment)]
    assert counts == [20, 200, 300, 1000, 100, 200]
    # Every record has its version, and every deal a place in its stage's column.
    assert not await Deal.filter(version__not=1).exists()
    assert await Deal.filter(position__lte=0).count() == 0
    # A second run finds the data and leaves it alone; another size is refused.
    assert (await fill(database_url, TINY, progress=_quiet)).reused
    with pytest.raises(BenchDataRefused):
        await fill(database_url, SIZES["smb"], progress=_quiet)


async def test_tandem_reads_the_board_and_a_record_page(
    api: GraphQLClient, database_url: str
) -> None:
    await fill(database_url, TINY, progress=_quiet)
    token = await _owner(api)
    board = (await api.ok(BOARD, token=token))["pipelines"]
    assert [p["name"] for p in board] == ["Bench sales"]
    stages: list[dict[str, Any]] = board[0]["stages"]
    assert [s["name"] for s in stages] == ["New", "Qualified", "Proposal", "Negotiation", "Won"]
    for stage in stages:
        deals = [e["node"] for e in stage["deals"]["edges"]]
        assert len(deals) == 50  # 300 deals over 5 columns: every column has a full page
        assert [d["position"] for d in deals] == sorted(d["position"] for d in deals)
        assert all(d["company"]["name"] and d["owner"]["name"] for d in deals)
    # A contact of the first key accounts has its company and a history.
    page = await api.ok(CONTACT, {"id": _contact_id(1)}, token=token)
    assert page["node"]["company"]["name"]
    assert page["activities"]["totalCount"] >= 5
    # The generated rows take writes: a deal moves to the next column.
    deal = stages[0]["deals"]["edges"][0]["node"]
    moved = await api.ok(
        "mutation($id: ID!, $s: ID!) { dealMove(input: {id: $id, stageId: $s, position: 0, "
        "expectedVersion: 1}) { version stage { name } } }",
        {"id": deal["id"], "s": stages[1]["id"]},
        token=token,
    )
    assert moved["dealMove"] == {"version": 2, "stage": {"name": "Qualified"}}


def _contact_id(pk: int) -> str:
    import base64

    return base64.urlsafe_b64encode(f"Contact:{pk}".encode()).decode()
