"""Comments: on records the caller may see, in threads, edited and deleted by the author only."""

from __future__ import annotations

from models.comment import Comment
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

CREATE = """
mutation($input: CommentCreateInput!) {
  commentCreate(input: $input) { id body parent owner { email } target { id } }
}
"""
UPDATE = "mutation($input: CommentUpdateInput!) { commentUpdate(input: $input) { body version } }"
DELETE = "mutation($id: ID!) { commentDelete(id: $id) }"
THREAD = """
query($id: ID!) { comments(targetId: $id) { totalCount edges { node { body parent } } } }
"""


async def test_colleagues_discuss_a_deal_in_a_thread(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    manager = await signed_in(api, "manager")
    sales = await crm.department("Sales")
    deal = await crm.deal(seller.user, sales)

    first = await api.ok(
        CREATE,
        {"input": {"targetId": crm.gid(deal), "body": " Price ok? "}},
        token=seller.access_token,
    )
    parent = first["commentCreate"]["id"]
    await api.ok(
        CREATE,
        {"input": {"targetId": crm.gid(deal), "body": "Yes", "parentId": parent}},
        token=manager.access_token,
    )
    thread = await api.ok(THREAD, {"id": crm.gid(deal)}, token=seller.access_token)

    assert first["commentCreate"]["owner"] == {"email": seller.email}
    assert first["commentCreate"]["target"] == {"id": crm.gid(deal)}
    assert [e["node"] for e in thread["comments"]["edges"]] == [
        {"body": "Price ok?", "parent": None},
        {"body": "Yes", "parent": parent},
    ]


async def test_only_the_author_edits_or_deletes(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    owner = await signed_in(api, "owner")
    deal = await crm.deal(seller.user, await crm.department("Sales"))
    made = await api.ok(
        CREATE, {"input": {"targetId": crm.gid(deal), "body": "Mine"}}, token=seller.access_token
    )
    cid = made["commentCreate"]["id"]

    edited_by_other = await api.execute(
        UPDATE, {"input": {"id": cid, "body": "Rewritten"}}, token=owner.access_token
    )
    deleted_by_other = await api.execute(DELETE, {"id": cid}, token=owner.access_token)
    edited = await api.ok(
        UPDATE, {"input": {"id": cid, "body": "Mine!"}}, token=seller.access_token
    )

    assert edited_by_other.codes == ["FORBIDDEN"]
    assert deleted_by_other.codes == ["FORBIDDEN"]
    assert edited["commentUpdate"] == {"body": "Mine!", "version": 2}
    assert (await Comment.all().first()).deleted_at is None  # type: ignore[union-attr]


async def test_a_record_the_caller_cannot_see_has_no_discussion_for_them(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson", department="Sales")
    outsider = await signed_in(
        api, "salesperson", email="outsider@acme.test", department="Marketing"
    )
    hidden = await crm.deal(outsider.user, await crm.department("Marketing"))
    await Comment.create(
        target_type="deal", target_id=hidden.id, body="secret", owner=outsider.user
    )

    listed = await api.execute(THREAD, {"id": crm.gid(hidden)}, token=seller.access_token)
    created = await api.execute(
        CREATE, {"input": {"targetId": crm.gid(hidden), "body": "hi"}}, token=seller.access_token
    )

    assert listed.codes == ["NOT_FOUND"] and "secret" not in str(listed)
    assert created.codes == ["NOT_FOUND"]
    assert await Comment.all().count() == 1


async def test_a_reply_must_stay_on_the_same_record(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    one, two = await crm.deal(owner.user, title="One"), await crm.deal(owner.user, title="Two")
    made = await api.ok(
        CREATE, {"input": {"targetId": crm.gid(one), "body": "Hi"}}, token=owner.access_token
    )

    error = await api.error(
        CREATE,
        {
            "input": {
                "targetId": crm.gid(two),
                "body": "Reply",
                "parentId": made["commentCreate"]["id"],
            }
        },
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "parentId"}


async def test_read_only_reads_but_may_not_comment(api: GraphQLClient) -> None:
    reader = await signed_in(api, "read_only")
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user)
    await Comment.create(target_type="deal", target_id=deal.id, body="Note", owner=owner.user)

    listed = await api.ok(THREAD, {"id": crm.gid(deal)}, token=reader.access_token)
    created = await api.execute(
        CREATE, {"input": {"targetId": crm.gid(deal), "body": "Me too"}}, token=reader.access_token
    )

    assert listed["comments"]["totalCount"] == 1
    assert created.codes == ["FORBIDDEN"]


async def test_a_comment_is_refetched_by_id_only_with_its_record(api: GraphQLClient) -> None:
    """node(id) of a comment: found while one sees the deal, NOT_FOUND once the deal is not."""
    sales, support = await crm.department("Sales"), await crm.department("Support")
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    deal = await crm.deal(owner.user, sales)
    made = await api.ok(
        CREATE, {"input": {"targetId": crm.gid(deal), "body": "Hi"}}, token=owner.access_token
    )
    query = "query($id: ID!) { node(id: $id) { ... on Comment { body } } }"
    variables = {"id": made["commentCreate"]["id"]}
    assert await api.ok(query, variables, token=seller.access_token) == {"node": {"body": "Hi"}}

    deal.department = support
    await deal.save()

    hidden = await api.execute(query, variables, token=seller.access_token)
    assert hidden.data == {"node": None}
    assert hidden.codes == ["NOT_FOUND"]
