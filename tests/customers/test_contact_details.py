"""Contact details: e-mails and phones validated and normalised, several of each, consent with
its evidence, preferences, product interests, tags on contacts and companies, and the filters
and search over them honouring field permissions."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

CREATE = """
mutation($input: ContactCreateInput!) {
  contactCreate(input: $input) {
    id email phone otherEmails otherPhones address preferredChannel language
    productInterests tags
    emailConsent { granted at source }
    smsConsent { granted at source }
  }
}
"""
UPDATE = """
mutation($input: ContactUpdateInput!) {
  contactUpdate(input: $input) { id email otherEmails tags emailConsent { granted source } }
}
"""
COMPANY_CREATE = """
mutation($input: CompanyCreateInput!) { companyCreate(input: $input) { id tags phone } }
"""
CONTACTS = """
query($filter: ContactFilter) {
  contacts(filter: $filter) { totalCount edges { node { firstName } } }
}
"""
COMPANIES = """
query($filter: CompanyFilter) { companies(filter: $filter) { totalCount edges { node { name } } } }
"""


async def _owner(api: GraphQLClient) -> str:
    return (await signed_in(api, "owner")).access_token


async def test_a_contact_keeps_normalised_emails_and_phones(api: GraphQLClient) -> None:
    token = await _owner(api)
    given = {
        "firstName": "Grace",
        "email": " Grace@Example.COM ",
        "phone": "+34 600 111 222",
        "otherEmails": ["g.hopper@EXAMPLE.org", "g.hopper@example.org"],
        "otherPhones": ["+44 20 7946 0958"],
    }

    data = await api.ok(CREATE, {"input": given}, token=token)

    made = data["contactCreate"]
    assert made["email"] == "Grace@example.com"
    assert made["phone"] == "+34600111222"
    assert made["otherEmails"] == ["g.hopper@example.org"]
    assert made["otherPhones"] == ["+442079460958"]


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("email", "not-an-address", "email"),
        ("phone", "600 111 222", "phone"),
        ("phone", "+34 1", "phone"),
        ("otherEmails", ["ok@example.com", "bad@"], "otherEmails.1"),
        ("otherPhones", ["12"], "otherPhones.0"),
        ("preferredChannel", "pigeon", "preferredChannel"),
        ("language", "Spanish", "language"),
        ("tags", ["#!"], "tags.0"),
        ("emailConsent", {"granted": True, "source": "  "}, "emailConsent.source"),
    ],
)
async def test_bad_contact_details_are_refused_naming_the_field(
    api: GraphQLClient, field: str, value: Any, path: str
) -> None:
    token = await _owner(api)

    error = await api.error(CREATE, {"input": {"firstName": "X", field: value}}, token=token)

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == path


async def test_a_bad_company_phone_is_refused(api: GraphQLClient) -> None:
    token = await _owner(api)

    error = await api.error(COMPANY_CREATE, {"input": {"name": "A", "phone": "abc"}}, token=token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "phone"}


async def test_consent_records_whether_when_and_how(api: GraphQLClient) -> None:
    token = await _owner(api)
    given = {
        "firstName": "Grace",
        "emailConsent": {"granted": True, "source": "web form", "at": "2026-01-02T03:04:05Z"},
        "smsConsent": {"granted": False, "source": "phone call"},
        "preferredChannel": "email",
        "language": "pt-BR",
        "productInterests": ["Cloud", "Support plan"],
        "address": "Rua 1, Porto",
    }

    made = (await api.ok(CREATE, {"input": given}, token=token))["contactCreate"]

    assert made["emailConsent"] == {
        "granted": True,
        "at": "2026-01-02T03:04:05+00:00",
        "source": "web form",
    }
    assert made["smsConsent"]["granted"] is False and made["smsConsent"]["at"] is not None
    assert made["preferredChannel"] == "email" and made["language"] == "pt-BR"
    assert made["productInterests"] == ["Cloud", "Support plan"]
    assert made["address"] == "Rua 1, Porto"


async def test_consent_in_the_future_is_refused(api: GraphQLClient) -> None:
    token = await _owner(api)
    consent = {"granted": True, "source": "form", "at": "2999-01-01T00:00:00Z"}

    error = await api.error(
        CREATE, {"input": {"firstName": "G", "emailConsent": consent}}, token=token
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "emailConsent.at"}


async def test_null_clears_lists_and_consent(api: GraphQLClient) -> None:
    token = await _owner(api)
    given = {
        "firstName": "G",
        "tags": ["vip"],
        "otherEmails": ["a@example.com"],
        "emailConsent": {"granted": True, "source": "form"},
    }
    made = (await api.ok(CREATE, {"input": given}, token=token))["contactCreate"]

    cleared = {"id": made["id"], "tags": None, "otherEmails": None, "emailConsent": None}
    data = await api.ok(UPDATE, {"input": cleared}, token=token)

    assert data["contactUpdate"] == {
        "id": made["id"],
        "email": None,
        "otherEmails": [],
        "tags": [],
        "emailConsent": None,
    }


async def test_the_tags_filter_matches_any_of_the_tags(api: GraphQLClient) -> None:
    token = await _owner(api)
    for name, tags in (("A", ["VIP", "b2b"]), ("B", ["partner"]), ("C", []), ("D", ["vip2"])):
        await api.ok(CREATE, {"input": {"firstName": name, "tags": tags}}, token=token)

    data = await api.ok(CONTACTS, {"filter": {"tags": ["vip", "partner"]}}, token=token)

    assert sorted(e["node"]["firstName"] for e in data["contacts"]["edges"]) == ["A", "B"]


async def test_companies_filter_by_tags(api: GraphQLClient) -> None:
    token = await _owner(api)
    await api.ok(COMPANY_CREATE, {"input": {"name": "Tagged", "tags": ["Retail "]}}, token=token)
    await api.ok(COMPANY_CREATE, {"input": {"name": "Plain"}}, token=token)

    data = await api.ok(COMPANIES, {"filter": {"tags": ["retail"]}}, token=token)

    assert data["companies"]["edges"] == [{"node": {"name": "Tagged"}}]


async def test_search_finds_a_contact_by_another_email(api: GraphQLClient) -> None:
    token = await _owner(api)
    given = {"firstName": "Grace", "otherEmails": ["hopper@navy.example.com"]}
    await api.ok(CREATE, {"input": given}, token=token)

    data = await api.ok(CONTACTS, {"filter": {"search": "navy.example"}}, token=token)

    assert data["contacts"]["totalCount"] == 1


async def test_search_does_not_look_at_other_emails_the_reader_may_not_read(
    api: GraphQLClient,
) -> None:
    owner = await _owner(api)
    given = {"firstName": "Grace", "otherEmails": ["hopper@navy.example.com"]}
    await api.ok(CREATE, {"input": given}, token=owner)
    reader = await signed_in(api, "read_only", email="reader@acme.test")

    data = await api.ok(CONTACTS, {"filter": {"search": "navy.example"}}, token=reader.access_token)

    assert data["contacts"]["totalCount"] == 0


async def test_filtering_on_consent_without_reading_it_is_forbidden(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    await crm.contact(owner.user, email_consent=True)
    reader = await signed_in(api, "read_only", email="reader@acme.test")

    result = await api.execute(
        CONTACTS, {"filter": {"emailConsent": True}}, token=reader.access_token
    )

    assert result.codes == ["FORBIDDEN"] and result.data is None


async def test_filtering_on_consent_with_read_access_counts_the_consenting(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    await crm.contact(owner.user, email_consent=True)
    await crm.contact(owner.user, first_name="No", email_consent=False)

    data = await api.ok(CONTACTS, {"filter": {"emailConsent": True}}, token=owner.access_token)

    assert data["contacts"]["totalCount"] == 1
