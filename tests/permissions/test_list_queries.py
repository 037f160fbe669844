"""Lists: pagination both ways, totalCount, and a fixed number of SQL statements per page."""

from __future__ import annotations

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

WITH_RELATIONS = """
query($first: Int!) {
  deals(first: $first) {
    totalCount
    edges { node { title owner { name } company { name } contact { firstName }
                   stage { name } pipeline { name } department { name } } }
  }
}
"""
PAGE = """
query($first: Int, $after: String, $last: Int, $before: String) {
  deals(first: $first, after: $after, last: $last, before: $before,
        orderBy: [{ field: AMOUNT, direction: DESC }]) {
    edges { cursor node { title } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def _deals(api: GraphQLClient, count: int) -> str:
    owner = await signed_in(api, "owner")
    sales = await crm.department("Sales")
    stage = await crm.first_stage(await crm.pipeline())
    company = await crm.company(owner.user, sales)
    person = await crm.contact(owner.user, sales, company=company)
    for i in range(count):
        await crm.deal(
            owner.user,
            sales,
            stage=stage,
            company=company,
            contact=person,
            title=f"Deal {i:02}",
            amount=f"{1000 + i}.00",
        )
    return owner.access_token


async def test_a_page_with_relations_costs_the_same_statements_for_5_or_25_rows(
    api: GraphQLClient,
) -> None:
    token = await _deals(api, 25)

    with count_statements() as small:
        await api.ok(WITH_RELATIONS, {"first": 5}, token=token)
    with count_statements() as large:
        await api.ok(WITH_RELATIONS, {"first": 25}, token=token)

    assert small.count == large.count
    # Caller (2), page, count, then one per related model: users, departments, companies,
    # contacts, stages, pipelines.
    assert large.count <= 10, large.statements


async def test_paging_forward_then_back_visits_every_row_once_in_order(
    api: GraphQLClient,
) -> None:
    token = await _deals(api, 7)
    seen: list[str] = []
    after = None
    while True:
        data = await api.ok(PAGE, {"first": 3, "after": after}, token=token)
        page = data["deals"]
        seen += [e["node"]["title"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    back = await api.ok(PAGE, {"last": 3, "before": after}, token=token)

    assert seen == [f"Deal {i:02}" for i in range(6, -1, -1)]
    # ``after`` is now the cursor of "Deal 01": the three rows before it, two more before them.
    titles = [e["node"]["title"] for e in back["deals"]["edges"]]
    assert titles == ["Deal 04", "Deal 03", "Deal 02"]
    assert back["deals"]["pageInfo"]["hasPreviousPage"] is True


async def test_first_above_the_cap_is_bad_input(api: GraphQLClient) -> None:
    token = await _deals(api, 1)

    error = await api.error(PAGE, {"first": 501}, token=token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
