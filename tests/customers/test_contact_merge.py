"""contactMerge: duplicates folded into one contact, keeping every way to reach the person and
every deal; the sources are soft-deleted; all or nothing, audited."""

from __future__ import annotations

from models.audit import AuditEntry
from models.contact import Contact
from models.deal import Deal
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

MERGE = """
mutation($in: ContactMergeInput!) {
  contactMerge(input: $in) {
    id firstName lastName email otherEmails phone otherPhones position city tags
    emailConsent { granted source }
    deals { totalCount }
  }
}
"""
COUNT = "{ contacts { totalCount } }"


async def test_sources_fill_the_targets_gaps_and_keep_their_details(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    target = await crm.contact(
        owner.user, first_name="Ada", email="ada@example.com", phone=None, tags='["vip"]'
    )
    source = await crm.contact(
        owner.user,
        first_name="A.",
        email="lovelace@example.org",
        phone="+34600111222",
        position="CTO",
        city="London",
        tags='["b2b", "vip"]',
        other_emails='["ada@work.example.com"]',
        email_consent=True,
        email_consent_source="web form",
    )

    data = await api.ok(
        MERGE,
        {"in": {"targetId": crm.gid(target), "sourceIds": [crm.gid(source)]}},
        token=owner.access_token,
    )

    merged = data["contactMerge"]
    assert merged["firstName"] == "Ada" and merged["email"] == "ada@example.com"
    assert merged["otherEmails"] == ["lovelace@example.org", "ada@work.example.com"]
    assert merged["phone"] == "+34600111222"
    assert (merged["position"], merged["city"]) == ("CTO", "London")
    assert merged["tags"] == ["vip", "b2b"]
    assert merged["emailConsent"] == {"granted": True, "source": "web form"}
    assert (await Contact.get(id=source.id)).deleted_at is not None
    assert (await api.ok(COUNT, token=owner.access_token))["contacts"]["totalCount"] == 1


async def test_the_sources_deals_move_to_the_target(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    target = await crm.contact(owner.user)
    source = await crm.contact(owner.user, first_name="Dup")
    deal = await crm.deal(owner.user, contact=source)

    data = await api.ok(
        MERGE,
        {"in": {"targetId": crm.gid(target), "sourceIds": [crm.gid(source)]}},
        token=owner.access_token,
    )

    assert data["contactMerge"]["deals"]["totalCount"] == 1
    assert (await Deal.get(id=deal.id)).contact_id == target.id
    actions = await AuditEntry.all().values_list("action", flat=True)
    assert sorted(actions) == ["contact.delete", "contact.merge", "deal.update"]


async def test_merging_needs_delete_on_contacts(api: GraphQLClient) -> None:
    # Sellers create and update contacts but do not delete them: no merging either.
    seller = await signed_in(api, "salesperson")
    target = await crm.contact(seller.user)
    source = await crm.contact(seller.user, first_name="Dup")

    error = await api.error(
        MERGE,
        {"in": {"targetId": crm.gid(target), "sourceIds": [crm.gid(source)]}},
        token=seller.access_token,
    )

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await Contact.get(id=source.id)).deleted_at is None


async def test_a_source_outside_the_write_scope_stops_the_whole_merge(
    api: GraphQLClient,
) -> None:
    manager = await signed_in(api, "manager", department="Sales")
    outsider = await signed_in(api, "salesperson", email="o@acme.test", department="Marketing")
    sales, marketing = await crm.department("Sales"), await crm.department("Marketing")
    target = await crm.contact(manager.user, sales, city=None)
    mine = await crm.contact(manager.user, sales, first_name="Mine", city="Paris")
    theirs = await crm.contact(outsider.user, marketing, first_name="Theirs")

    error = await api.error(
        MERGE,
        {"in": {"targetId": crm.gid(target), "sourceIds": [crm.gid(mine), crm.gid(theirs)]}},
        token=manager.access_token,
    )

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert (await Contact.get(id=mine.id)).deleted_at is None
    assert (await Contact.get(id=target.id)).city is None


async def test_a_manager_merges_within_the_department(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager", department="Sales")
    sales = await crm.department("Sales")
    target = await crm.contact(manager.user, sales)
    source = await crm.contact(manager.user, sales, first_name="Dup")

    await api.ok(
        MERGE,
        {"in": {"targetId": crm.gid(target), "sourceIds": [crm.gid(source)]}},
        token=manager.access_token,
    )

    assert (await Contact.get(id=source.id)).deleted_at is not None


async def test_the_target_among_the_sources_is_bad_input(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    target = await crm.contact(owner.user)

    error = await api.error(
        MERGE,
        {"in": {"targetId": crm.gid(target), "sourceIds": [crm.gid(target)]}},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "sourceIds"}


async def test_a_deleted_source_is_not_found(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    target = await crm.contact(owner.user)
    gone = await crm.contact(owner.user, first_name="Gone")
    await api.ok(
        "mutation($id: ID!) { contactDelete(id: $id) }",
        {"id": crm.gid(gone)},
        token=owner.access_token,
    )

    error = await api.error(
        MERGE,
        {"in": {"targetId": crm.gid(target), "sourceIds": [crm.gid(gone)]}},
        token=owner.access_token,
    )

    assert error["extensions"]["code"] == "NOT_FOUND"
