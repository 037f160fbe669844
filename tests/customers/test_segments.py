"""Segments: saved contact filters whose counts are live and computed with the reader's own
permissions, so a segment never shows anyone more than their contacts list would."""

from __future__ import annotations

from models.segment import Segment
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

CREATE = """
mutation($in: SegmentInput!) { segmentCreate(input: $in) { id name filter count } }
"""
UPDATE = "mutation($in: SegmentUpdateInput!) { segmentUpdate(input: $in) { name count } }"
DELETE = "mutation($id: ID!) { segmentDelete(id: $id) }"
LIST = "{ segments { totalCount edges { node { name count contacts { totalCount } } } } }"
COUNT = "query($id: ID!) { node(id: $id) { ... on Segment { count } } }"


async def test_a_segment_counts_matching_contacts_live(api: GraphQLClient) -> None:
    marketer = await signed_in(api, "marketing")
    await crm.contact(marketer.user, country="ES")
    made = await api.ok(
        CREATE,
        {"in": {"name": "Spain", "filter": {"country": "ES"}}},
        token=marketer.access_token,
    )
    await crm.contact(marketer.user, first_name="New", country="ES")
    await crm.contact(marketer.user, first_name="Other", country="PT")

    data = await api.ok(COUNT, {"id": made["segmentCreate"]["id"]}, token=marketer.access_token)

    assert made["segmentCreate"]["filter"] == {"country": "ES"}
    assert made["segmentCreate"]["count"] == 1
    assert data["node"]["count"] == 2


async def test_a_segment_with_a_filter_its_author_may_not_run_is_refused(
    api: GraphQLClient,
) -> None:
    narrow = {
        "segment": grant(["create", "read"], fields={"name": "write", "filter": "write"}),
        "contact": grant(["read"], fields={"firstName": "read", "lastName": "read"}),
    }
    author = await signed_in(api, await custom_role("Segmenter", 20, narrow))

    error = await api.error(
        CREATE,
        {"in": {"name": "Gmail", "filter": {"email": "a@gmail.com"}}},
        token=author.access_token,
    )

    assert error["extensions"] == {"code": "FORBIDDEN", "field": "email"}
    assert await Segment.all().count() == 0


async def test_a_segment_on_fields_its_author_reads_is_saved(api: GraphQLClient) -> None:
    marketer = await signed_in(api, "marketing")

    await api.ok(
        CREATE,
        {"in": {"name": "Gmail", "filter": {"email": "a@gmail.com"}}},
        token=marketer.access_token,
    )

    assert await Segment.all().count() == 1


async def test_a_reader_without_access_to_a_filtered_field_gets_forbidden_count(
    api: GraphQLClient,
) -> None:
    marketer = await signed_in(api, "marketing")
    await crm.contact(marketer.user, email_consent=True)
    await api.ok(
        CREATE,
        {"in": {"name": "Opted in", "filter": {"emailConsent": True}}},
        token=marketer.access_token,
    )
    reader = await signed_in(api, "read_only", email="r@acme.test")

    result = await api.execute(LIST, token=reader.access_token)

    assert result.codes == ["FORBIDDEN", "FORBIDDEN"]
    assert result.data is not None
    node = result.data["segments"]["edges"][0]["node"]
    assert node["name"] == "Opted in"
    assert node["count"] is None and node["contacts"] is None


async def test_counts_follow_the_readers_row_scope(api: GraphQLClient) -> None:
    marketer = await signed_in(api, "marketing", department="Marketing")
    seller = await signed_in(api, "salesperson", email="s@acme.test", department="Sales")
    await crm.contact(marketer.user, country="ES")
    await crm.contact(seller.user, country="ES")
    made = await api.ok(
        CREATE, {"in": {"name": "Spain", "filter": {"country": "ES"}}}, token=marketer.access_token
    )
    fields = {"firstName": "read", "lastName": "read", "country": "read"}
    own_scope = {
        "segment": grant(["read"], fields={"name": "read", "filter": "read"}),
        "contact": grant(["read"], "own", "own", fields),
    }
    reader = await signed_in(api, await custom_role("Own", 20, own_scope), email="o@acme.test")
    await crm.contact(reader.user, country="ES")

    data = await api.ok(COUNT, {"id": made["segmentCreate"]["id"]}, token=reader.access_token)

    assert made["segmentCreate"]["count"] == 2
    assert data["node"]["count"] == 1


async def test_creating_a_segment_needs_segment_create(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")

    error = await api.error(
        CREATE, {"in": {"name": "Mine", "filter": {}}}, token=seller.access_token
    )

    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_a_segment_is_renamed_refiltered_and_deleted(api: GraphQLClient) -> None:
    marketer = await signed_in(api, "marketing")
    await crm.contact(marketer.user, country="PT")
    made = await api.ok(
        CREATE, {"in": {"name": "Spain", "filter": {"country": "ES"}}}, token=marketer.access_token
    )
    sid = made["segmentCreate"]["id"]

    data = await api.ok(
        UPDATE,
        {"in": {"id": sid, "name": "Portugal", "filter": {"country": "PT"}}},
        token=marketer.access_token,
    )
    deleted = await api.ok(DELETE, {"id": sid}, token=marketer.access_token)

    assert data["segmentUpdate"] == {"name": "Portugal", "count": 1}
    assert deleted["segmentDelete"] is True
    assert (await api.ok(LIST, token=marketer.access_token))["segments"]["totalCount"] == 0
