"""The board compiled to SQL (resolvers/compiled/many.py): ``pipelines`` with their stages and
each stage's first deals is one statement, answers as the plain path does as each role template
(data, errors by path, cursors), never selects a field the role may not read, and leaves paging
within a column (after/before/last), orders and searches to the plain path.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from models import fast_paths
from server.demo_data import load_demo
from tests.server.test_compiled_reads import _token
from tests.server.test_fast_paths_agree import ROLES, _compiled_both_ways, _taken
from tests.support.fast_paths import settings_overrides  # noqa: F401 (this app: fast paths on)
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

# benchmarks/compare_queries.py TANDEM_BOARD
BOARD = """query Board { pipelines { id name stages { id name deals(first: 50) { edges { node {
  id title position amount { amount currency }
  company { id name } contact { id firstName lastName } owner { id name }
} } } } } }"""
# Everything the board compiles: the parts, totalCount, pageInfo, cursors, aliases, fragments.
FULL = """query($first: Int, $with: Boolean!) { pipelines { __typename id name position version
  createdAt updatedAt stages { __typename id name position probability isWon isLost color
    version createdAt updatedAt
    deals(first: $first) { __typename totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { __typename cursor node { ...Card stage { id name } pipeline { id name }
        cost { amount } status tags contact @include(if: $with) { id email } } } }
    few: deals(first: 1) { totalCount edges { cursor node { id } } }
    none: deals(first: 0) { totalCount pageInfo { hasNextPage endCursor } edges { cursor } } } } }
fragment Card on Deal { id title position amount { amount currency } owner { id name } }"""
PAGED = """query($after: String) { pipelines { stages { id
  deals(first: 2, after: $after) { totalCount edges { cursor node { id title } }
    pageInfo { hasNextPage endCursor } } } } }"""
FILTERED = """{ pipelines { stages { id deals(first: 3, filter: {status: "open"}) {
  totalCount edges { cursor node { id title status } } } } } }"""
SEARCHED = """{ pipelines { stages { id deals(first: 3, filter: {search: "a"}) {
  totalCount edges { cursor node { id title } } } } } }"""
DEAL_STAGE = """{ deals(first: 8) { edges { cursor node { id title
  stage { __typename id name position isWon color } } } } }"""


def _deals_refused(result: Any) -> bool:
    """Whether the plain path refuses the stage's deals themselves (no deal read at all)."""
    return any((e.get("path") or [None])[-1] in ("deals", "few", "none") for e in result.errors)


@pytest.mark.parametrize("role", ROLES)
async def test_the_board_answers_alike_and_is_compiled_for_each_role(
    api: GraphQLClient, http: httpx.AsyncClient, role: str
) -> None:
    await load_demo(companies=6, contacts=20, deals=40)
    token = await _token(api, role)
    for document, variables in (
        (BOARD, {}),
        (FULL, {"first": 3, "with": True}),
        (FULL, {"first": None, "with": False}),
    ):
        result, taken = await _compiled_both_ways(api, http, document, variables, token)
        board = result.data is not None and result.data.get("pipelines") is not None
        # Where the role may not read deals, the stages (whose columns refuse) are delegated to
        # graphql-core (schema/compiled_holes.py): the pipelines still compile.
        assert taken == (1 if board else 0), (role, result.errors, _deals_refused(result))
        if role == "owner":
            assert taken == 1 and not result.errors
    # A column's next page from a compiled cursor: the same rows both ways; the pipelines
    # compile, their stages (a column paged on) are delegated to graphql-core.
    first, _ = await _compiled_both_ways(api, http, FULL, {"first": 2, "with": True}, token)
    stages = [s for p in (first.data or {}).get("pipelines") or [] for s in p["stages"] or []]
    cursors = [s["deals"]["pageInfo"]["endCursor"] for s in stages if s.get("deals")]
    for cursor in [c for c in cursors if c][:2]:
        after, taken = await _compiled_both_ways(api, http, PAGED, {"after": cursor}, token)
        assert taken == 1
        assert after.data is not None


async def test_the_board_is_one_statement(api: GraphQLClient, http: httpx.AsyncClient) -> None:
    await load_demo(companies=6, contacts=20, deals=40)
    token = await _token(api, "owner")
    await api.ok("{ me { id } }", token=token)  # the caller's principal, loaded once
    before = await _taken(http)
    with count_statements(this_task=True) as statements:
        data = await api.ok(BOARD, token=token)
    after = await _taken(http)

    assert after[fast_paths.COMPILED_READS] - before[fast_paths.COMPILED_READS] == 1
    assert statements.count == 1, statements.statements
    deals = [e for p in data["pipelines"] for s in p["stages"] for e in s["deals"]["edges"]]
    assert len(deals) == 40
    assert all(e["node"]["company"] is not None for e in deals[:3])


async def test_a_deal_field_the_role_may_not_read_is_never_selected(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=6, contacts=20, deals=20)
    token = await _token(api, "read.only")  # no sensitive fields: a deal's amount
    await api.execute("{ me { id } }", token=token)
    with count_statements(this_task=True) as statements:
        result, taken = await _compiled_both_ways(api, http, BOARD, {}, token)
    assert taken == 1
    compiled = statements.statements[0]
    assert "json" in compiled.lower()
    assert '"amount"' not in compiled and '"currency"' not in compiled
    assert result.data is not None
    nodes = [
        e["node"]
        for p in result.data["pipelines"]
        for s in p["stages"]
        for e in s["deals"]["edges"]
    ]
    assert nodes and all(n["title"] and n["amount"] is None for n in nodes)
    assert {e["extensions"]["code"] for e in result.errors} == {"FORBIDDEN"}
    assert len(result.errors) == len(nodes)


async def test_scalar_filters_compile_a_search_is_delegated_and_a_deals_stage_compiles(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=6, contacts=20, deals=20)
    for role in ("owner", "salesperson"):
        token = await _token(api, role)
        filtered, taken = await _compiled_both_ways(api, http, FILTERED, {}, token)
        assert taken == 1 and filtered.data is not None
        statuses = {
            e["node"]["status"]
            for p in filtered.data["pipelines"]
            for s in p["stages"]
            for e in s["deals"]["edges"]
        }
        assert statuses <= {"open"}
        searched, taken = await _compiled_both_ways(api, http, SEARCHED, {}, token)
        assert taken == 1 and searched.data is not None  # the stages delegated
        listed, taken = await _compiled_both_ways(api, http, DEAL_STAGE, {}, token)
        assert taken == 1 and listed.data["deals"]["edges"]
        assert all(e["node"]["stage"]["name"] for e in listed.data["deals"]["edges"])


# Connections of other records' rows (lists.page with the parent's key), nested in compiled lists.
NESTED = {
    "contacts": """query($first: Int) { contacts(first: 6) { totalCount edges { node { id
      deals(first: $first) { __typename totalCount pageInfo { hasNextPage hasPreviousPage
        startCursor endCursor } edges { cursor node { id title amount { amount currency }
        stage { id name } company { id name } } } } } } } }""",
    "companies": """query($first: Int) { companies(first: 4) { edges { node { id name
      contacts(first: $first) { totalCount edges { cursor node { id lastName email } }
        pageInfo { endCursor hasNextPage } }
      deals(first: 2, filter: {status: "open"}) { totalCount edges { cursor node { id title
        status owner { id name } } } }
    } } } }""",
}


@pytest.mark.parametrize("role", ROLES)
async def test_nested_connections_of_records_answer_alike_and_are_compiled(
    api: GraphQLClient, http: httpx.AsyncClient, role: str
) -> None:
    await load_demo(companies=6, contacts=20, deals=40)
    token = await _token(api, role)
    for name, document in NESTED.items():
        for first in (2, None):
            result, taken = await _compiled_both_ways(api, http, document, {"first": first}, token)
            listed = result.data is not None and result.data.get(name) is not None
            refused = any(
                (e.get("path") or [None])[-1] in ("deals", "contacts") for e in result.errors
            )
            assert taken == (1 if listed and not refused else 0), (role, name, result.errors)
            if role == "owner":
                assert taken == 1 and not result.errors


async def test_a_list_with_nested_connections_is_one_statement(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=6, contacts=20, deals=40)
    token = await _token(api, "owner")
    await api.ok("{ me { id } }", token=token)
    for name, document in NESTED.items():
        with count_statements(this_task=True) as statements:
            data = await api.ok(document, {"first": 3}, token=token)
        assert statements.count == 1, (name, statements.statements)
        assert data[name]["edges"]
