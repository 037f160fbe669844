"""The other lists of the list builder compiled to SQL (leads, activities, tasks, products,
comments, quotes, orders, invoices, payments): each answers as the plain path does, as each role
template, and is answered by one compiled statement exactly when the role may list the object.

The demo company has no rows of these objects: the owner makes a few through the API first, each
linked to a contact, company and deal of the demo so that relations are followed (and, for roles
that do not see the linked record, answer null with NOT_FOUND alike).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from server.demo_data import load_demo
from tests.server.test_compiled_reads import _token
from tests.server.test_fast_paths_agree import ROLES, _compiled_both_ways
from tests.support.fast_paths import settings_overrides  # noqa: F401 (this app: fast paths on)
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

_USER = "owner { id name email } department { id }"
_SYSTEM = "version createdAt updatedAt"
# Each list with the fields the compiler covers, written out (a change in coverage shows here).
LISTS = {
    "leads": f"""leads(first: $first, after: $after) {{ totalCount edges {{ cursor node {{
        __typename id name companyName email phone comment source status convertedAt {_SYSTEM}
        {_USER} contact {{ id lastName company {{ id name }} }} }} }}
        pageInfo {{ endCursor hasNextPage }} }}""",
    "activities": f"""activities(first: $first, after: $after) {{ totalCount edges {{ cursor
        node {{ id kind direction occurredAt subject body outcome {_SYSTEM} {_USER}
        contact {{ id firstName email }} company {{ id name owner {{ id }} }}
        deal {{ id title amount {{ amount currency }} }} }} }}
        pageInfo {{ endCursor hasNextPage }} }}""",
    "tasks": f"""tasks(first: $first, after: $after) {{ totalCount edges {{ cursor node {{
        id title description dueAt remindAt priority status completedAt {_SYSTEM} {_USER}
        assignee {{ id name }} creator {{ id email }} }} }}
        pageInfo {{ endCursor hasNextPage }} }}""",
    "products": f"""products(first: $first, after: $after) {{ totalCount edges {{ cursor node {{
        id name sku active {_SYSTEM} }} }} pageInfo {{ endCursor hasNextPage }} }}""",
    "quotes": f"""quotes(first: $first, after: $after) {{ totalCount edges {{ node {{
        id currency issuedOn validUntil revision {_SYSTEM} {_USER} deal {{ id }}
        contact {{ id }} company {{ id }} }} }} pageInfo {{ endCursor hasNextPage }} }}""",
    "orders": f"""orders(first: $first, after: $after) {{ totalCount edges {{ node {{
        id currency issuedOn {_SYSTEM} {_USER} deal {{ id }} quote {{ id }} }} }}
        pageInfo {{ endCursor hasNextPage }} }}""",
    "invoices": f"""invoices(first: $first, after: $after) {{ totalCount edges {{ node {{
        id code kind currency issuedOn dueOn paymentTermsDays {_SYSTEM} {_USER}
        company {{ id }} }} }} pageInfo {{ endCursor hasNextPage }} }}""",
    "payments": f"""payments(first: $first, after: $after) {{ totalCount edges {{ node {{
        id kind currency paidOn reference {_SYSTEM} {_USER} invoice {{ id }} }} }}
        pageInfo {{ endCursor hasNextPage }} }}""",
}
COMMENTS = """query($target: ID!, $first: Int, $after: String) {
  comments(targetId: $target, first: $first, after: $after) { totalCount edges { cursor node {
    id body version createdAt updatedAt owner { id name } department { id } } }
    pageInfo { endCursor hasNextPage } } }"""


def _document(name: str) -> str:
    return f"query($first: Int, $after: String) {{ {LISTS[name]} }}"


async def _make_rows(api: GraphQLClient, token: str) -> str:
    """A few rows of each object, linked to demo records; the deal's id (comments' target)."""
    found = await api.ok(
        "{ deals(first: 6) { edges { node { id contact { id } company { id } } } } }",
        token=token,
    )
    deals = [edge["node"] for edge in found["deals"]["edges"]]
    for i, deal in enumerate(deals):
        contact = deal["contact"]["id"] if deal["contact"] else None
        company = deal["company"]["id"] if deal["company"] else None
        await api.ok(
            "mutation($i: LeadCreateInput!) { leadCreate(input: $i) { id } }",
            {"i": {"name": f"Lead {i}", "email": f"lead{i}@example.com", "source": "web"}},
            token=token,
        )
        await api.ok(
            "mutation($i: ActivityLogInput!) { activityLog(input: $i) { id } }",
            {"i": {"kind": "call", "direction": "outbound", "subject": f"Call {i}",
                   "contactId": contact, "companyId": company, "dealId": deal["id"]}},
            token=token,
        )  # fmt: skip
        await api.ok(
            "mutation($i: TaskCreateInput!) { taskCreate(input: $i) { id } }",
            {"i": {"title": f"Task {i}", "priority": "high", "linkedRecordId": deal["id"]}},
            token=token,
        )
        product = await api.ok(
            "mutation($i: ProductCreateInput!) { productCreate(input: $i) { id } }",
            {"i": {"name": f"Product {i}", "sku": f"SKU-{i}", "price": "10.50"}},
            token=token,
        )
        await api.ok(
            "mutation($i: CommentCreateInput!) { commentCreate(input: $i) { id } }",
            {"i": {"targetId": deals[0]["id"], "body": f"Comment {i}"}},
            token=token,
        )
        await api.ok(
            "mutation($i: QuoteCreateInput!) { quoteCreate(input: $i) { id } }",
            {
                "i": {
                    "dealId": deal["id"],
                    "lines": [{"productId": product["productCreate"]["id"], "quantity": "2"}],
                }
            },
            token=token,
        )
    return str(deals[0]["id"])


async def _pages(
    api: GraphQLClient,
    http: httpx.AsyncClient,
    name: str,
    document: str,
    variables: dict[str, Any],
    token: str,
) -> None:
    first, taken = await _compiled_both_ways(api, http, document, {**variables, "first": 4}, token)
    listed = first.data is not None and first.data.get(name) is not None
    assert taken == (1 if listed else 0), (name, first.errors)
    if not listed:
        return
    end = first.data[name]["pageInfo"]["endCursor"]
    second, taken = await _compiled_both_ways(
        api, http, document, {**variables, "first": 4, "after": end}, token
    )
    assert taken == 1
    if first.data[name]["pageInfo"]["hasNextPage"]:
        assert (
            second.data[name]["edges"] and second.data[name]["edges"] != first.data[name]["edges"]
        )


@pytest.mark.parametrize("role", ROLES)
async def test_other_lists_answer_alike_and_are_compiled_for_each_role(
    api: GraphQLClient, http: httpx.AsyncClient, role: str
) -> None:
    await load_demo(companies=6, contacts=20, deals=20)
    target = await _make_rows(api, await _token(api, "owner"))
    token = await _token(api, role)
    for name in LISTS:
        await _pages(api, http, name, _document(name), {}, token)
    await _pages(api, http, "comments", COMMENTS, {"target": target}, token)


async def test_each_other_list_is_one_statement(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=6, contacts=20, deals=20)
    owner = await _token(api, "owner")
    target = await _make_rows(api, owner)
    await api.ok("{ me { id } }", token=owner)  # the caller's principal, loaded once
    for name in LISTS:
        with count_statements(this_task=True) as statements:
            data = await api.ok(_document(name), {"first": 5}, token=owner)
        assert statements.count == 1, (name, statements.statements)
        assert data[name]["totalCount"] >= 1 or name in ("orders", "invoices", "payments"), name
    with count_statements(this_task=True) as statements:
        data = await api.ok(COMMENTS, {"target": target, "first": 5}, token=owner)
    # The target's own check (it exists and is visible) reads through the request's loader,
    # whose batch runs in a task of its own (not counted here): the page is one statement.
    assert statements.count == 1, statements.statements
    assert data["comments"]["totalCount"] == 6


async def test_a_lead_field_the_role_may_not_read_is_never_selected(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=6, contacts=20, deals=20)
    await _make_rows(api, await _token(api, "owner"))
    token = await _token(api, "read.only")  # no sensitive fields: a lead's email, phone
    document = "{ leads(first: 5) { edges { node { id name email phone } } } }"
    await api.execute("{ me { id } }", token=token)
    with count_statements(this_task=True) as statements:
        result, taken = await _compiled_both_ways(api, http, document, {}, token)
    assert taken == 1
    compiled = statements.statements[0]
    assert "json" in compiled.lower()
    assert '"email"' not in compiled and '"phone"' not in compiled
    assert result.data is not None
    nodes = [edge["node"] for edge in result.data["leads"]["edges"]]
    assert nodes and all(n["name"] and n["email"] is None and n["phone"] is None for n in nodes)
    assert set(result.codes) == {"FORBIDDEN"}
