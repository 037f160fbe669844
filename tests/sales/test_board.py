"""The board: every stage of a pipeline with the first page of its deals, at a constant number
of SQL statements, scoped to what the caller may see."""

from __future__ import annotations

from decimal import Decimal

from models.board import UNION_MAX
from models.deal import Deal
from models.pipeline import Pipeline, Stage
from models.user import User
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

BOARD = """
{ pipelines { id name stages { id name deals(first: 50) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      title position tags owner { name } contact { firstName } company { name }
      lastActivity { subject }
    } }
} } } }
"""
NEXT_PAGE = """
query($id: ID!, $after: String) { node(id: $id) { ... on Stage {
  deals(first: 50, after: $after) { edges { node { title } } }
} } }
"""


async def _fill(pipe: Pipeline, owner: User, per_stage: int) -> None:
    sales = await crm.department("Sales")
    company = await crm.company(owner, sales)
    contact = await crm.contact(owner, sales, company=company)
    rows = []
    for stage in await Stage.filter(pipeline_id=pipe.id):
        for i in range(per_stage):
            rows.append(
                Deal(
                    title=f"{stage.name} {i:03}",
                    pipeline_id=pipe.id,
                    stage_id=stage.id,
                    position=(i + 1) * 1024,
                    owner_id=owner.id,
                    department_id=sales.id,
                    contact_id=contact.id,
                    company_id=company.id,
                    amount=Decimal("10.00"),
                    tags='["hot"]',
                )
            )
    await Deal.bulk_create(rows)
    # Every deal has interactions: the last one is shown on its card.
    for deal in await Deal.filter(pipeline_id=pipe.id):
        for subject in ("Intro call", f"Follow-up on {deal.title}"):
            await crm.activity(owner, sales, deal_id=deal.id, subject=subject)


async def _statements(api: GraphQLClient, token: str) -> tuple[int, dict]:
    with count_statements() as counter:
        data = await api.ok(BOARD, token=token)
    return counter.count, data


async def test_the_board_costs_the_same_statements_for_few_or_many_deals(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    few, many = await crm.pipeline("Few", ("A", "B", "C")), await crm.pipeline("Many", ("A", "B"))
    await _fill(few, owner.user, 2)
    small, _ = await _statements(api, owner.access_token)
    await _fill(many, owner.user, 60)

    large, data = await _statements(api, owner.access_token)

    assert large == small, f"{small} statements for 6 deals, {large} for 126"
    assert large <= 8
    columns = {(p["name"], s["name"]): s["deals"] for p in data["pipelines"] for s in p["stages"]}
    assert len(columns[("Many", "A")]["edges"]) == 50
    assert columns[("Many", "A")]["pageInfo"]["hasNextPage"] is True
    assert columns[("Few", "C")]["pageInfo"]["hasNextPage"] is False
    first = columns[("Many", "A")]["edges"][0]["node"]
    assert first == {
        "title": "A 000",
        "position": 1024,
        "tags": ["hot"],
        "owner": {"name": "Owner"},
        "contact": {"firstName": "Ada"},
        "company": {"name": "Acme"},
        "lastActivity": {"subject": "Follow-up on A 000"},
    }


async def test_a_column_pages_on_from_the_boards_cursor(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    pipe = await crm.pipeline("Big", ("A",))
    await _fill(pipe, owner.user, 55)
    board = await api.ok(BOARD, token=owner.access_token)
    stage = board["pipelines"][0]["stages"][0]

    rest = await api.ok(
        NEXT_PAGE,
        {"id": stage["id"], "after": stage["deals"]["pageInfo"]["endCursor"]},
        token=owner.access_token,
    )

    titles = [e["node"]["title"] for e in rest["node"]["deals"]["edges"]]
    assert titles == [f"A {i:03}" for i in range(50, 55)]


async def test_the_board_shows_only_deals_in_the_callers_scope(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson", department="Sales")
    outsider = await signed_in(
        api, "salesperson", email="outsider@acme.test", department="Marketing"
    )
    marketing = await crm.department("Marketing")
    pipe = await crm.pipeline("Board", ("A",))
    stage = await crm.first_stage(pipe)
    await _fill(pipe, seller.user, 2)
    await crm.deal(outsider.user, marketing, stage=stage, title="Hidden", position=1)

    data = await api.ok(BOARD, token=seller.access_token)

    edges = data["pipelines"][0]["stages"][0]["deals"]["edges"]
    assert [e["node"]["title"] for e in edges] == ["A 000", "A 001"]


async def test_the_board_refuses_sorting_on_a_hidden_field(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    await crm.pipeline()

    result = await api.execute(
        "{ pipelines { stages { deals(orderBy: [{ field: COST }]) { totalCount } } } }",
        token=seller.access_token,
    )

    assert "FORBIDDEN" in result.codes


WIDE = """
{ pipelines { name stages { name deals(first: 2) { pageInfo { hasNextPage }
    edges { node { title } } } } } }
"""


async def test_a_board_with_more_columns_than_one_statement_branches_shows_each_in_order(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    # Past models/board.py UNION_MAX, the columns are ranked with a window instead.
    wide = await crm.pipeline("Wide", tuple(f"S{i:02}" for i in range(UNION_MAX + 2)))
    sales = await crm.department("Sales")
    stages = await Stage.filter(pipeline_id=wide.id).order_by("position")
    for stage in (stages[0], stages[-1]):
        for i in (3, 1, 2):
            await Deal.create(
                title=f"{stage.name} {i}",
                pipeline_id=wide.id,
                stage_id=stage.id,
                position=i * 1024,
                owner_id=owner.user.id,
                department_id=sales.id,
            )

    data = await api.ok(WIDE, token=owner.access_token)

    columns = data["pipelines"][0]["stages"]
    assert len(columns) == UNION_MAX + 2
    shown = {c["name"]: [e["node"]["title"] for e in c["deals"]["edges"]] for c in columns}
    assert shown["S00"] == ["S00 1", "S00 2"]
    assert shown[f"S{UNION_MAX + 1:02}"] == [f"S{UNION_MAX + 1:02} 1", f"S{UNION_MAX + 1:02} 2"]
    assert all(not titles for name, titles in shown.items() if name not in {"S00", stages[-1].name})
    assert [c["deals"]["pageInfo"]["hasNextPage"] for c in (columns[0], columns[-1])] == [True] * 2
