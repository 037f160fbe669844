"""Leads: quick capture, statuses, and conversion into a contact (+ company) (+ deal) in one
transaction, refused as a whole when any part of it is."""

from __future__ import annotations

from models.company import Company
from models.contact import Contact
from models.deal import Deal
from models.lead import Lead
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

CREATE = """
mutation($in: LeadCreateInput!) { leadCreate(input: $in) { id name email phone status } }
"""
UPDATE = "mutation($in: LeadUpdateInput!) { leadUpdate(input: $in) { id status } }"
LEADS = "query($f: LeadFilter) { leads(filter: $f) { totalCount edges { node { name } } } }"
CONVERT = """
mutation($in: LeadConvertInput!) {
  leadConvert(input: $in) {
    lead { status convertedAt contact { id } }
    contact { id firstName lastName email company { name } }
    company { name }
    deal { title amount { amount } contact { id } company { name } }
  }
}
"""


async def _counts() -> tuple[int, int, int]:
    return (await Contact.all().count(), await Company.all().count(), await Deal.all().count())


async def test_a_lead_is_captured_with_normalised_details(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    given = {"name": "Grace Hopper", "email": "Grace@Navy.example.com", "phone": "+1 202 555 0100"}

    data = await api.ok(CREATE, {"in": given}, token=seller.access_token)

    assert data["leadCreate"]["email"] == "Grace@navy.example.com"
    assert data["leadCreate"]["phone"] == "+12025550100"
    assert data["leadCreate"]["status"] == "new"


async def test_a_bad_lead_email_is_bad_input(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")

    error = await api.error(
        CREATE, {"in": {"name": "G", "email": "nope"}}, token=seller.access_token
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}


async def test_converted_is_not_a_status_a_client_may_set(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    lead = await crm.lead(seller.user)

    error = await api.error(
        UPDATE, {"in": {"id": crm.gid(lead), "status": "converted"}}, token=seller.access_token
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "status"}


async def test_leads_filter_by_status(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    await crm.lead(owner.user, name="A", status="qualified")
    await crm.lead(owner.user, name="B")

    data = await api.ok(LEADS, {"f": {"status": "qualified"}}, token=owner.access_token)

    assert data["leads"]["edges"] == [{"node": {"name": "A"}}]


async def test_a_lead_becomes_a_contact_a_company_and_a_deal(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    stage = await crm.first_stage(await crm.pipeline())
    lead = await crm.lead(seller.user, company_name="Navy", source="fair")
    draft = {"stageId": crm.gid(stage), "title": "Navy deal", "amount": "5000"}

    data = await api.ok(
        CONVERT,
        {"in": {"id": crm.gid(lead), "createCompany": True, "createDeal": draft}},
        token=seller.access_token,
    )

    out = data["leadConvert"]
    assert out["contact"]["firstName"] == "Ada" and out["contact"]["lastName"] == "Lovelace"
    assert out["contact"]["email"] == "ada@example.com"
    assert out["contact"]["company"] == {"name": "Navy"} and out["company"] == {"name": "Navy"}
    assert out["deal"]["title"] == "Navy deal"
    assert out["deal"]["contact"] == {"id": out["contact"]["id"]}
    assert out["deal"]["company"] == {"name": "Navy"}
    assert out["lead"]["status"] == "converted"
    assert out["lead"]["contact"] == {"id": out["contact"]["id"]}
    assert (await Contact.get(first_name="Ada")).source == "fair"


async def test_a_lead_may_become_only_a_contact(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    lead = await crm.lead(seller.user)

    data = await api.ok(CONVERT, {"in": {"id": crm.gid(lead)}}, token=seller.access_token)

    assert data["leadConvert"]["company"] is None and data["leadConvert"]["deal"] is None
    assert await _counts() == (1, 0, 0)


async def test_a_failing_part_converts_nothing(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    lead = await crm.lead(seller.user, company_name="Navy")
    draft = {"stageId": crm.gid(lead), "title": "Bad stage"}  # a lead's id is not a stage's

    error = await api.error(
        CONVERT,
        {"in": {"id": crm.gid(lead), "createCompany": True, "createDeal": draft}},
        token=seller.access_token,
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert await _counts() == (0, 0, 0)
    assert (await Lead.get(id=lead.id)).status == "new"


async def test_a_lead_is_converted_once(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    lead = await crm.lead(seller.user)
    await api.ok(CONVERT, {"in": {"id": crm.gid(lead)}}, token=seller.access_token)

    error = await api.error(CONVERT, {"in": {"id": crm.gid(lead)}}, token=seller.access_token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    assert await _counts() == (1, 0, 0)


async def test_a_company_needs_the_leads_company_name(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    lead = await crm.lead(seller.user)

    error = await api.error(
        CONVERT, {"in": {"id": crm.gid(lead), "createCompany": True}}, token=seller.access_token
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "createCompany"}


async def test_converting_into_a_deal_needs_deal_create(api: GraphQLClient) -> None:
    # Marketing creates leads and contacts but only reads deals.
    marketer = await signed_in(api, "marketing")
    stage = await crm.first_stage(await crm.pipeline())
    lead = await crm.lead(marketer.user)
    draft = {"stageId": crm.gid(stage), "title": "Deal"}

    error = await api.error(
        CONVERT, {"in": {"id": crm.gid(lead), "createDeal": draft}}, token=marketer.access_token
    )

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await _counts() == (0, 0, 0)


async def test_marketing_may_convert_its_lead_into_a_contact(api: GraphQLClient) -> None:
    marketer = await signed_in(api, "marketing")
    lead = await crm.lead(marketer.user)

    await api.ok(CONVERT, {"in": {"id": crm.gid(lead)}}, token=marketer.access_token)

    assert await _counts() == (1, 0, 0)


async def test_a_seller_may_not_convert_a_colleagues_lead(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson", department="Sales")
    colleague = await signed_in(api, "salesperson", email="c@acme.test", department="Sales")
    lead = await crm.lead(colleague.user, await crm.department("Sales"))

    error = await api.error(CONVERT, {"in": {"id": crm.gid(lead)}}, token=seller.access_token)

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await Lead.get(id=lead.id)).status == "new"
    assert await _counts() == (0, 0, 0)


async def test_a_conversion_is_in_the_audit_log(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    lead = await crm.lead(owner.user)
    await api.ok(CONVERT, {"in": {"id": crm.gid(lead)}}, token=owner.access_token)
    log = (
        "query($id: ID!) { auditLog(filter: {recordId: $id}) { edges { node { action after } } } }"
    )

    data = await api.ok(log, {"id": crm.gid(lead)}, token=owner.access_token)

    [entry] = [e["node"] for e in data["auditLog"]["edges"]]
    assert entry["action"] == "lead.convert" and entry["after"]["status"] == "converted"
