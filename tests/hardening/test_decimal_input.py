"""Money and decimals: a value the column cannot hold is BAD_USER_INPUT, and nothing is written.

On SQLite a 30-digit amount used to be stored, and then every list or forecast that read the deal
failed for everyone who could see it.
"""

from __future__ import annotations

import pytest

from models.company import Company
from models.contact import Contact
from models.deal import Deal
from models.lead import Lead
from tests.hardening.written import snapshot
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

UPDATE = "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }"
COUNT = "{ deals { totalCount edges { node { amount { amount } } } } }"


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        ("999999999999999999999999999999", "amount"),  # 30 digits, the column holds 12 + 2
        ("1000000000000", "amount"),  # 13 digits before the point
        ("1e40", "amount"),
        ("0.001", "amount"),  # 3 after the point
        ("NaN", "input.amount"),
        ("Infinity", "input.amount"),
        ("-Infinity", "input.amount"),
        ("sNaN", "input.amount"),
    ],
)
async def test_an_amount_the_column_cannot_hold_is_refused_and_nothing_is_written(
    api: GraphQLClient, amount: str, field: str
) -> None:
    seller = await signed_in(api, "salesperson")
    deal = await crm.deal(seller.user, amount="10.00")
    before = await snapshot(Deal)

    error = await api.error(
        UPDATE, {"input": {"id": crm.gid(deal), "amount": amount}}, token=seller.access_token
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field
    assert await snapshot(Deal) == before
    listed = await api.ok(COUNT, token=seller.access_token)
    assert listed["deals"]["totalCount"] == 1


async def test_the_refusal_names_the_limit(api: GraphQLClient) -> None:
    seller = await signed_in(api, "owner")
    deal = await crm.deal(seller.user)

    error = await api.error(
        UPDATE,
        {"input": {"id": crm.gid(deal), "cost": "99999999999999999"}},
        token=seller.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "cost"}
    assert "12 digits before the point and 2 after" in error["message"]


async def test_the_largest_amount_the_column_holds_is_stored_and_read_back(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    deal = await crm.deal(seller.user)

    await api.ok(
        UPDATE,
        {"input": {"id": crm.gid(deal), "amount": "999999999999.99"}},
        token=seller.access_token,
    )

    listed = await api.ok(COUNT, token=seller.access_token)
    assert listed["deals"]["edges"][0]["node"]["amount"]["amount"] == "999999999999.99"


@pytest.mark.parametrize("bound", ["amountGte", "amountLte"])
@pytest.mark.parametrize("value", ["1e40", "NaN"])
async def test_a_decimal_filter_beyond_the_column_is_refused(
    api: GraphQLClient, bound: str, value: str
) -> None:
    seller = await signed_in(api, "salesperson")
    await crm.deal(seller.user)

    error = await api.error(
        "query($f: DealFilter) { deals(filter: $f) { totalCount } }",
        {"f": {bound: value}},
        token=seller.access_token,
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] in (f"filter.{bound}", f"f.{bound}")


async def test_a_deal_created_with_an_exponent_amount_is_not_created(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    stage = await crm.first_stage(await crm.pipeline())
    before = await snapshot(Deal)

    error = await api.error(
        "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }",
        {"input": {"title": "Huge", "stageId": crm.gid(stage), "amount": "1E+15"}},
        token=seller.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "amount"}
    assert await snapshot(Deal) == before


async def test_a_lead_conversion_refused_at_its_deal_leaves_no_company_or_contact(
    api: GraphQLClient,
) -> None:
    """The deal is the last thing a conversion makes: its refusal undoes the rest."""
    owner = await signed_in(api, "owner")
    lead = await crm.lead(owner.user, company_name="Acme")
    stage = await crm.first_stage(await crm.pipeline())
    before = await snapshot(Company, Contact, Deal, Lead)

    error = await api.error(
        "mutation($input: LeadConvertInput!) { leadConvert(input: $input) { contact { id } } }",
        {
            "input": {
                "id": crm.gid(lead),
                "createCompany": True,
                "createDeal": {"title": "Acme", "stageId": crm.gid(stage), "amount": "1e40"},
            }
        },
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "amount"}
    assert await snapshot(Company, Contact, Deal, Lead) == before
