"""Adversarial reads: every path by which a hidden value or a hidden row could leak.

The Salesperson template never sees a deal's cost or margin; Marketing does not see amounts;
Read-only sees no personal data and only its own companies.
"""

from __future__ import annotations

import base64

import orjson

from models.access.policy import from_fields
from models.role import Role
from tests.support import crm
from tests.support.accounts import Account, make_user, sign_in, signed_in
from tests.support.graphql import GraphQLClient

ALIASED = """
query($id: ID!) {
  node(id: $id) { ... on Deal { a: cost { amount } b: cost { amount } title } }
}
"""
NAMED_FRAGMENT = """
fragment Money on Deal { cost { amount } margin { amount } }
query { deals(first: 10) { edges { node { id ...Money } } } }
"""
INTERFACE_FRAGMENT = """
query($id: ID!) { node(id: $id) { id ... on Node { ... on Deal { cost { amount } } } } }
"""
NODES = """
query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Deal { title cost { amount } } } }
"""
THROUGH_CONTACT = """
query($id: ID!) {
  node(id: $id) { ... on Contact { deals { totalCount edges { node { title cost { amount } } } } } }
}
"""
COUNT_BY_AMOUNT = """
query($gte: Decimal!) { deals(filter: { amountGte: $gte }) { totalCount } }
"""
ORDER_BY = """
query($field: DealSortField!) { deals(orderBy: [{ field: $field }]) { edges { cursor } } }
"""
AFTER = """
query($after: String!) { deals(first: 5, after: $after) { edges { node { title } } } }
"""
CONTACT_SEARCH = """
query($text: String!) { contacts(filter: { search: $text }) { totalCount } }
"""
DEAL_COMPANY = "query($id: ID!) { node(id: $id) { ... on Deal { title company { name } } } }"
UPDATE_RETURNING_COST = """
mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { title cost { amount } } }
"""


async def _salesperson_with_a_deal(api: GraphQLClient) -> tuple[Account, str]:
    sales = await crm.department("Sales")
    me = await signed_in(api, "salesperson")
    deal = await crm.deal(me.user, sales, cost="123.45")
    return me, crm.gid(deal)


def _no_cost_anywhere(payload: object) -> None:
    assert b"123.45" not in orjson.dumps(payload), "the cost leaked"


async def test_aliases_of_a_hidden_field_are_each_refused(api: GraphQLClient) -> None:
    me, deal = await _salesperson_with_a_deal(api)

    result = await api.execute(ALIASED, {"id": deal}, token=me.access_token)

    assert result.data == {"node": {"a": None, "b": None, "title": "Big deal"}}
    assert sorted(tuple(e["path"]) for e in result.errors) == [("node", "a"), ("node", "b")]
    assert set(result.codes) == {"FORBIDDEN"}


async def test_a_named_fragment_cannot_reach_a_hidden_field(api: GraphQLClient) -> None:
    me, _ = await _salesperson_with_a_deal(api)

    result = await api.execute(NAMED_FRAGMENT, token=me.access_token)

    node = result.data["deals"]["edges"][0]["node"] if result.data else None
    assert node is not None and node["cost"] is None and node["margin"] is None
    assert set(result.codes) == {"FORBIDDEN"}
    _no_cost_anywhere(result.data)


async def test_a_fragment_on_the_node_interface_cannot_reach_a_hidden_field(
    api: GraphQLClient,
) -> None:
    me, deal = await _salesperson_with_a_deal(api)

    result = await api.execute(INTERFACE_FRAGMENT, {"id": deal}, token=me.access_token)

    assert result.data == {"node": {"id": deal, "cost": None}}
    assert result.codes == ["FORBIDDEN"]


async def test_nodes_hides_out_of_scope_rows_and_hidden_fields(api: GraphQLClient) -> None:
    me, deal = await _salesperson_with_a_deal(api)
    outsider = await signed_in(api, "salesperson", email="out@acme.test", department="Support")
    hidden = await crm.deal(outsider.user, await crm.department("Support"), title="Secret")

    result = await api.execute(NODES, {"ids": [deal, crm.gid(hidden)]}, token=me.access_token)

    assert result.data is not None
    assert result.data["nodes"][0]["cost"] is None
    assert result.data["nodes"][1] is None
    assert sorted(result.codes, key=str) == ["FORBIDDEN", "NOT_FOUND"]
    assert b"Secret" not in orjson.dumps(result.data)


async def test_a_hidden_field_is_refused_through_a_nested_relation(api: GraphQLClient) -> None:
    sales, support = await crm.department("Sales"), await crm.department("Support")
    me = await signed_in(api, "salesperson")
    outsider = await signed_in(api, "salesperson", email="out@acme.test", department="Support")
    person = await crm.contact(me.user, sales)
    await crm.deal(me.user, sales, contact=person, cost="123.45", title="Mine")
    await crm.deal(outsider.user, support, contact=person, cost="999.99", title="Theirs")

    result = await api.execute(THROUGH_CONTACT, {"id": crm.gid(person)}, token=me.access_token)

    deals = result.data["node"]["deals"] if result.data else None
    assert deals is not None and deals["totalCount"] == 1
    assert [e["node"]["title"] for e in deals["edges"]] == ["Mine"]
    assert deals["edges"][0]["node"]["cost"] is None
    assert result.codes == ["FORBIDDEN"]
    _no_cost_anywhere(result.data)


async def test_counting_by_a_hidden_amount_is_refused_before_any_query(
    api: GraphQLClient,
) -> None:
    marketing = await signed_in(api, "marketing", department="Marketing")
    await crm.deal(marketing.user, await crm.department("Marketing"), amount="5000.00")

    result = await api.execute(COUNT_BY_AMOUNT, {"gte": "4000"}, token=marketing.access_token)

    assert result.data is None
    assert result.codes == ["FORBIDDEN"]
    assert result.errors[0]["extensions"]["field"] == "amount"


async def test_ordering_by_a_hidden_field_is_refused(api: GraphQLClient) -> None:
    me, _ = await _salesperson_with_a_deal(api)

    result = await api.execute(ORDER_BY, {"field": "COST"}, token=me.access_token)

    assert result.data is None
    assert result.codes == ["FORBIDDEN"]


async def test_a_cursor_made_for_another_ordering_is_refused(api: GraphQLClient) -> None:
    me, _ = await _salesperson_with_a_deal(api)
    forged = base64.urlsafe_b64encode(orjson.dumps([["cost", "id"], ["100", 1]])).decode()

    result = await api.execute(AFTER, {"after": forged}, token=me.access_token)

    assert result.codes == ["BAD_USER_INPUT"]


async def test_search_does_not_look_into_fields_the_caller_cannot_read(
    api: GraphQLClient,
) -> None:
    reader = await signed_in(api, "read_only")
    await crm.contact(reader.user, None, first_name="Ada", email="ada@secret.test")

    by_email = await api.ok(CONTACT_SEARCH, {"text": "secret.test"}, token=reader.access_token)
    by_name = await api.ok(CONTACT_SEARCH, {"text": "ada"}, token=reader.access_token)

    assert by_email["contacts"]["totalCount"] == 0
    assert by_name["contacts"]["totalCount"] == 1


async def test_a_related_record_outside_scope_is_not_found(api: GraphQLClient) -> None:
    sales = await crm.department("Sales")
    narrow = await Role.create(
        name="Deals, own companies",
        level=30,
        permissions={
            "deal": from_fields(["read"], "all", "own", {"title": "read", "company": "read"}),
            "company": from_fields(["read"], "own", "own", {"name": "read"}),
        },
    )
    reader = await sign_in(api, await make_user(narrow.name, email="narrow@acme.test"))
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    theirs = await crm.company(colleague.user, sales, name="Hidden Co")
    deal = await crm.deal(colleague.user, sales, company=theirs, title="Visible")

    result = await api.execute(DEAL_COMPANY, {"id": crm.gid(deal)}, token=reader.access_token)

    assert result.data == {"node": {"title": "Visible", "company": None}}
    assert result.codes == ["NOT_FOUND"]


async def test_a_mutation_result_does_not_reveal_a_hidden_field(api: GraphQLClient) -> None:
    me, deal = await _salesperson_with_a_deal(api)

    result = await api.execute(
        UPDATE_RETURNING_COST, {"input": {"id": deal, "title": "Renamed"}}, token=me.access_token
    )

    assert result.data == {"dealUpdate": {"title": "Renamed", "cost": None}}
    assert result.codes == ["FORBIDDEN"]


async def test_a_refused_write_names_the_field_and_writes_nothing(api: GraphQLClient) -> None:
    me, deal = await _salesperson_with_a_deal(api)

    result = await api.execute(
        UPDATE_RETURNING_COST,
        {"input": {"id": deal, "title": "Renamed", "cost": "1.00"}},
        token=me.access_token,
    )

    assert result.codes == ["FORBIDDEN"]
    assert result.errors[0]["extensions"]["field"] == "cost"
    check = await api.ok(
        "query($id: ID!) { node(id: $id) { ... on Deal { title version } } }",
        {"id": deal},
        token=me.access_token,
    )
    assert check["node"] == {"title": "Big deal", "version": 1}
