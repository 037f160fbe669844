"""Tags on deals: set on create and update, normalised, filterable, and a field like any other."""

from __future__ import annotations

from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

CREATE = "mutation($in: DealCreateInput!) { dealCreate(input: $in) { id tags } }"
UPDATE = "mutation($in: DealUpdateInput!) { dealUpdate(input: $in) { tags } }"
TAGGED = "query($tags: [String!]) { deals(filter: { tags: $tags }) { edges { node { title } } } }"


async def _stage(api: GraphQLClient) -> str:
    return crm.gid(await crm.first_stage(await crm.pipeline()))


async def test_deals_are_filtered_by_any_of_their_tags(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    stage = await _stage(api)
    for title, tags in (("Big", ["VIP", "renewal"]), ("Small", ["trial"]), ("None", [])):
        await api.ok(
            CREATE,
            {"in": {"title": title, "stageId": stage, "tags": tags}},
            token=owner.access_token,
        )

    vip = await api.ok(TAGGED, {"tags": ["vip"]}, token=owner.access_token)
    either = await api.ok(TAGGED, {"tags": ["renewal", "trial"]}, token=owner.access_token)

    assert [e["node"]["title"] for e in vip["deals"]["edges"]] == ["Big"]
    assert sorted(e["node"]["title"] for e in either["deals"]["edges"]) == ["Big", "Small"]


async def test_tags_are_normalised_and_cleared_with_null(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    made = await api.ok(
        CREATE,
        {"in": {"title": "Big", "stageId": await _stage(api), "tags": ["VIP", " vip "]}},
        token=owner.access_token,
    )
    deal = made["dealCreate"]

    cleared = await api.ok(
        UPDATE, {"in": {"id": deal["id"], "tags": None}}, token=owner.access_token
    )

    assert deal["tags"] == ["vip"]
    assert cleared["dealUpdate"]["tags"] == []


async def test_a_bad_tag_is_refused_naming_the_field(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    error = await api.error(
        CREATE,
        {"in": {"title": "Big", "stageId": await _stage(api), "tags": ["<script>"]}},
        token=owner.access_token,
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"].startswith("tags")


async def test_a_role_without_tags_can_neither_read_nor_filter_them(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    await api.ok(
        CREATE,
        {"in": {"title": "Big", "stageId": await _stage(api), "tags": ["vip"]}},
        token=owner.access_token,
    )
    role = await custom_role(
        "Titles Only",
        30,
        {
            "deal": grant(["read"], fields={"title": "read"}),
            "pipeline": grant(["read"], fields={"name": "read"}),
        },
    )
    reader = await signed_in(api, role, email="titles@acme.test")

    filtered = await api.error(TAGGED, {"tags": ["vip"]}, token=reader.access_token)
    read = await api.execute(
        "query { deals { edges { node { title tags } } } }", token=reader.access_token
    )

    assert filtered["extensions"]["code"] == "FORBIDDEN"
    assert read.data is not None
    assert read.data["deals"]["edges"][0]["node"] == {"title": "Big", "tags": None}
    assert read.codes == ["FORBIDDEN"]
