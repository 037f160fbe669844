"""Row scope: who sees and edits which companies, contacts and deals."""

from __future__ import annotations

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

DEALS = """
query Deals($filter: DealFilter) {
  deals(first: 50, filter: $filter) { totalCount edges { node { id title owner { name } } } }
}
"""
NODE_TITLE = "query Node($id: ID!) { node(id: $id) { id ... on Deal { title } } }"
DEAL_UPDATE = """
mutation Update($input: DealUpdateInput!) { dealUpdate(input: $input) { id title version } }
"""


async def test_a_salesperson_sees_the_departments_deals_but_not_others(api: GraphQLClient) -> None:
    sales, marketing = await crm.department("Sales"), await crm.department("Marketing")
    me = await signed_in(api, "salesperson")
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    outsider = await signed_in(api, "salesperson", email="out@acme.test", department="Marketing")
    stage = await crm.first_stage(await crm.pipeline())
    await crm.deal(colleague.user, sales, stage=stage, title="Colleague's")
    await crm.deal(outsider.user, marketing, stage=stage, title="Outsider's")
    await crm.deal(me.user, sales, stage=stage, title="Mine")

    data = await api.ok(DEALS, token=me.access_token)

    titles = sorted(e["node"]["title"] for e in data["deals"]["edges"])
    assert titles == ["Colleague's", "Mine"]
    assert data["deals"]["totalCount"] == 2


async def test_a_deal_outside_scope_is_not_found_by_node(api: GraphQLClient) -> None:
    marketing = await crm.department("Marketing")
    me = await signed_in(api, "salesperson")
    outsider = await signed_in(api, "salesperson", email="out@acme.test", department="Marketing")
    hidden = await crm.deal(outsider.user, marketing)

    result = await api.execute(NODE_TITLE, {"id": crm.gid(hidden)}, token=me.access_token)

    assert result.data == {"node": None}
    assert result.codes == ["NOT_FOUND"]


async def test_a_salesperson_cannot_edit_a_colleagues_deal(api: GraphQLClient) -> None:
    sales = await crm.department("Sales")
    me = await signed_in(api, "salesperson")
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    theirs = await crm.deal(colleague.user, sales, title="Theirs")

    result = await api.execute(
        DEAL_UPDATE, {"input": {"id": crm.gid(theirs), "title": "Mine now"}}, token=me.access_token
    )

    assert result.codes == ["FORBIDDEN"]
    await theirs.refresh_from_db()
    assert theirs.title == "Theirs"


async def test_a_salesperson_edits_their_own_deal(api: GraphQLClient) -> None:
    sales = await crm.department("Sales")
    me = await signed_in(api, "salesperson")
    mine = await crm.deal(me.user, sales, title="Mine")

    data = await api.ok(
        DEAL_UPDATE,
        {"input": {"id": crm.gid(mine), "title": "Still mine", "expectedVersion": 1}},
        token=me.access_token,
    )

    assert data["dealUpdate"]["title"] == "Still mine"
    assert data["dealUpdate"]["version"] == 2
