"""List pages give the same values for every GraphQL form of a selection (aliases, fragments,
directives), and the same nulls and errors where a field is hidden or a related record is out of
the caller's scope; relations resolve in batches. (Written for the plan executor, deleted in
issue 16; the checks hold for the compiled and the plain path alike.)"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

SHAPES = """
query Shapes($withPhone: Boolean!) {
  contacts(first: 10, orderBy: [{field: LAST_NAME, direction: ASC}]) {
    edges { cursor node {
      __typename
      ...Names
      handle: id
      email @skip(if: true)
      phone @include(if: $withPhone)
      ... on Contact { company { __typename name boss: owner { name } } }
    } }
    pageInfo { hasNextPage }
  }
}
fragment Names on Contact { id firstName lastName }
"""

DEALS = """
query { deals(first: 10, orderBy: [{field: TITLE, direction: ASC}]) { edges { node {
  title position amount { amount currency } cost { amount } company { name } owner { name }
} } } }
"""


async def test_aliases_fragments_and_directives_shape_a_planned_list(api: GraphQLClient) -> None:
    sales = await crm.department("Sales")
    me = await signed_in(api, "owner")
    acme = await crm.company(me.user, sales, name="Acme")
    ada = await crm.contact(me.user, sales, first_name="Ada", last_name="Byron", company=acme)
    await crm.contact(me.user, sales, first_name="Alan", last_name="Turing", phone=None)

    data = await api.ok(SHAPES, {"withPhone": True}, token=me.access_token)

    nodes = [edge["node"] for edge in data["contacts"]["edges"]]
    assert nodes == [
        {
            "__typename": "Contact",
            "id": crm.gid(ada),
            "firstName": "Ada",
            "lastName": "Byron",
            "handle": crm.gid(ada),
            "phone": "+34 600 000 000",
            "company": {"__typename": "Company", "name": "Acme", "boss": {"name": me.user.name}},
        },
        {
            "__typename": "Contact",
            "id": nodes[1]["id"],
            "firstName": "Alan",
            "lastName": "Turing",
            "handle": nodes[1]["id"],
            "phone": None,
            "company": None,
        },
    ]
    assert all(edge["cursor"] for edge in data["contacts"]["edges"])
    without = await api.ok(SHAPES, {"withPhone": False}, token=me.access_token)
    assert "phone" not in without["contacts"]["edges"][0]["node"]


async def test_a_hidden_field_in_a_planned_list_is_null_with_forbidden_on_every_row(
    api: GraphQLClient,
) -> None:
    sales = await crm.department("Sales")
    me = await signed_in(api, "salesperson")
    await crm.deal(me.user, sales, title="A", cost="400.00")
    await crm.deal(me.user, sales, title="B", cost="500.00")

    result = await api.execute(DEALS, token=me.access_token)

    assert result.data is not None
    nodes = [edge["node"] for edge in result.data["deals"]["edges"]]
    assert [n["title"] for n in nodes] == ["A", "B"]
    assert [n["cost"] for n in nodes] == [None, None]
    assert [n["amount"] for n in nodes] == [{"amount": "1000.00", "currency": "EUR"}] * 2
    assert result.codes == ["FORBIDDEN", "FORBIDDEN"]
    assert [e["path"] for e in result.errors] == [
        ["deals", "edges", 0, "node", "cost"],
        ["deals", "edges", 1, "node", "cost"],
    ]
    assert "400" not in str(result.data) and "500" not in str(result.data)


async def test_a_related_record_the_caller_may_not_see_is_not_found_only_where_linked(
    api: GraphQLClient,
) -> None:
    sales = await crm.department("Sales")
    me = await signed_in(api, "salesperson")
    gone = await crm.company(me.user, sales, name="Gone Ltd", deleted_at=datetime.now(UTC))
    shown = await crm.company(me.user, sales, name="Shown SA")
    await crm.deal(me.user, sales, title="A", company=shown)
    await crm.deal(me.user, sales, title="B", company=gone)
    await crm.deal(me.user, sales, title="C")

    result = await api.execute(DEALS, token=me.access_token)

    assert result.data is not None
    companies = [edge["node"]["company"] for edge in result.data["deals"]["edges"]]
    assert companies == [{"name": "Shown SA"}, None, None]
    not_found = [e for e in result.errors if e["extensions"]["code"] == "NOT_FOUND"]
    assert [e["path"] for e in not_found] == [["deals", "edges", 1, "node", "company"]]
    assert "Gone Ltd" not in str(result.data)


NESTED = """
query { deals(first: 50, orderBy: [{field: TITLE, direction: ASC}]) { edges { node {
  title company { name owner { name } } lastActivity { subject }
} } } }
"""


async def _nested(api: GraphQLClient, token: str) -> tuple[int, list[dict[str, Any]]]:
    with count_statements() as counter:
        data = await api.ok(NESTED, token=token)
    return counter.count, [edge["node"] for edge in data["deals"]["edges"]]


async def test_relations_not_loaded_ahead_resolve_per_row_in_batches(api: GraphQLClient) -> None:
    sales = await crm.department("Sales")
    me = await signed_in(api, "owner")
    first = await crm.company(me.user, sales, name="C0")
    deal = await crm.deal(me.user, sales, title="D0", company=first)
    await crm.activity(me.user, sales, deal=deal, subject="Call 0")
    few, _ = await _nested(api, me.access_token)
    names = []
    for i in range(1, 8):
        colleague = await signed_in(api, "salesperson", email=f"s{i}@acme.test")
        names.append(colleague.user.name)
        company = await crm.company(colleague.user, sales, name=f"C{i}")
        deal = await crm.deal(me.user, sales, title=f"D{i}", company=company)
        await crm.activity(me.user, sales, deal=deal, subject=f"Call {i}")

    many, nodes = await _nested(api, me.access_token)

    assert many == few
    assert nodes[0] == {
        "title": "D0",
        "company": {"name": "C0", "owner": {"name": me.user.name}},
        "lastActivity": {"subject": "Call 0"},
    }
    assert [n["company"]["owner"]["name"] for n in nodes[1:]] == names
    assert [n["lastActivity"]["subject"] for n in nodes[1:]] == [f"Call {i}" for i in range(1, 8)]
