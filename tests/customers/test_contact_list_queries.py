"""A contact list page with company, owner and tags costs a fixed number of SQL statements."""

from __future__ import annotations

from tests.support import crm
from tests.support.accounts import make_user, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

CONTACTS = """
query($first: Int!) {
  contacts(first: $first) {
    totalCount
    edges { node { firstName email tags owner { name } company { name } } }
  }
}
"""


async def test_a_contact_page_costs_the_same_statements_for_5_or_40_rows(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    sales = await crm.department("Sales")
    sellers = [owner.user] + [
        (await make_user("salesperson", email=f"seller{i}@acme.test")).user for i in range(3)
    ]
    for i in range(40):
        # Every row its own company and one of four owners: nothing is cached by repetition.
        company = await crm.company(owner.user, sales, name=f"Company {i:02}")
        await crm.contact(
            sellers[i % 4],
            sales,
            company=company,
            first_name=f"Person {i:02}",
            email=f"p{i}@example.com",
            tags=f'["tag{i % 3}", "vip"]',
        )

    with count_statements() as small:
        few = await api.ok(CONTACTS, {"first": 5}, token=owner.access_token)
    with count_statements() as large:
        many = await api.ok(CONTACTS, {"first": 40}, token=owner.access_token)

    assert small.count == large.count, (small.statements, large.statements)
    # Caller (2), page, count, then one per related model: users, companies.
    assert large.count <= 8, large.statements
    assert len(few["contacts"]["edges"]) == 5 and len(many["contacts"]["edges"]) == 40
    node = many["contacts"]["edges"][0]["node"]
    assert node["company"]["name"].startswith("Company") and node["owner"]["name"]
    assert "vip" in node["tags"]
