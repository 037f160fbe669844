"""@mentions in comments: @[Name](<User id>) notifies the mentioned user if they may see the
record; an unknown or inactive user is refused; an edit notifies only the newly mentioned."""

from __future__ import annotations

from models.comment import Comment
from models.notification import Notification
from schema.types.node import to_global_id
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient

CREATE = "mutation($input: CommentCreateInput!) { commentCreate(input: $input) { id } }"
UPDATE = "mutation($input: CommentUpdateInput!) { commentUpdate(input: $input) { version } }"
MINE = """
{ notifications { totalCount edges { node { kind text actor { email } subject { id } } } } }
"""


def at(account: Account) -> str:
    return f"@[{account.user.name}]({crm.gid(account.user)})"


async def test_a_mentioned_colleague_is_notified_and_the_author_is_not(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    manager = await signed_in(api, "manager")
    deal = await crm.deal(seller.user, await crm.department("Sales"))

    await api.ok(
        CREATE,
        {"input": {"targetId": crm.gid(deal), "body": f"{at(manager)} price ok? {at(seller)}"}},
        token=seller.access_token,
    )
    theirs = await api.ok(MINE, token=manager.access_token)
    mine = await api.ok(MINE, token=seller.access_token)

    assert [e["node"] for e in theirs["notifications"]["edges"]] == [
        {
            "kind": "MENTION",
            "text": "You were mentioned in a comment",
            "actor": {"email": seller.email},
            "subject": {"id": crm.gid(deal)},
        }
    ]
    assert mine["notifications"]["totalCount"] == 0


async def test_a_mention_of_an_unknown_or_inactive_user_writes_nothing(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    gone = await signed_in(api, "salesperson", email="gone@acme.test")
    gone.user.is_active = False
    await gone.user.save()
    deal = await crm.deal(owner.user)
    unknown = f"@[Ghost]({to_global_id('User', 999_999)})"
    not_a_user = f"@[Deal]({crm.gid(deal)})"

    for body in (at(gone), unknown, not_a_user):
        error = await api.error(
            CREATE, {"input": {"targetId": crm.gid(deal), "body": body}}, token=owner.access_token
        )
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "body"}, body
    assert await Comment.all().count() == 0
    assert await Notification.all().count() == 0


async def test_someone_who_may_not_see_the_record_is_not_notified(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson", department="Sales")
    outsider = await signed_in(
        api, "salesperson", email="outsider@acme.test", department="Marketing"
    )
    deal = await crm.deal(seller.user, await crm.department("Sales"))

    made = await api.execute(
        CREATE,
        {"input": {"targetId": crm.gid(deal), "body": f"{at(outsider)} look"}},
        token=seller.access_token,
    )

    assert made.codes == []
    assert (await api.ok(MINE, token=outsider.access_token))["notifications"]["totalCount"] == 0
    assert await Notification.all().count() == 0


async def test_an_edit_notifies_only_people_newly_mentioned(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    manager = await signed_in(api, "manager")
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    deal = await crm.deal(seller.user, await crm.department("Sales"))
    made = await api.ok(
        CREATE,
        {"input": {"targetId": crm.gid(deal), "body": f"{at(manager)} hi"}},
        token=seller.access_token,
    )
    cid = made["commentCreate"]["id"]

    await api.ok(
        UPDATE,
        {"input": {"id": cid, "body": f"{at(manager)} and {at(colleague)} hi"}},
        token=seller.access_token,
    )
    await api.ok(
        UPDATE, {"input": {"id": cid, "body": f"{at(colleague)} only"}}, token=seller.access_token
    )

    counts = [
        (await api.ok(MINE, token=who.access_token))["notifications"]["totalCount"]
        for who in (manager, colleague)
    ]
    assert counts == [1, 1]


async def test_an_edit_with_an_unknown_mention_changes_nothing(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    manager = await signed_in(api, "manager")
    deal = await crm.deal(seller.user, await crm.department("Sales"))
    made = await api.ok(
        CREATE, {"input": {"targetId": crm.gid(deal), "body": "plain"}}, token=seller.access_token
    )
    gone = await signed_in(api, "salesperson", email="gone@acme.test")
    gone.user.is_active = False
    await gone.user.save()

    error = await api.error(
        UPDATE,
        {"input": {"id": made["commentCreate"]["id"], "body": f"{at(manager)} {at(gone)}"}},
        token=seller.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "body"}
    comment = await Comment.get()
    assert (comment.body, comment.version) == ("plain", 1)
    assert await Notification.all().count() == 0
