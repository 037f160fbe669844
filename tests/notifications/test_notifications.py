"""Notifications: each user reads, counts and marks read their own, and nobody else's."""

from __future__ import annotations

from models.access.role_templates import BY_KEY
from models.clock import FrozenClock
from models.notification import AUTOMATION, MENTION, Notification
from models.notifications import notify
from models.role import Role
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements, without_relay

LIST = """
query($filter: NotificationFilter, $first: Int, $after: String) {
  notifications(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id kind text readAt actor { email } subject { id } } }
  }
}
"""
UNREAD = "{ me { unreadNotificationCount } }"
MARK = "mutation($ids: [ID!]!) { notificationsMarkRead(ids: $ids) { id readAt } }"
MARK_ALL = "mutation { notificationsMarkAllRead }"
NODE = "query($id: ID!) { node(id: $id) { id ... on Notification { text } } }"
COUNT_OF = "query($id: ID!) { node(id: $id) { ... on User { unreadNotificationCount } } }"


async def test_a_user_pages_through_own_notifications_newest_first(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    seller = await signed_in(api, "salesperson")
    manager = await signed_in(api, "manager")
    deal = await crm.deal(seller.user, await crm.department("Sales"))
    for text in ("first", "second", "third"):
        await notify(seller.user, MENTION, subject=deal, actor=manager.user, text=text)
        clock.advance(minutes=1)
    await notify(manager.user, AUTOMATION, text="not the seller's")

    page = await api.ok(LIST, {"first": 2}, token=seller.access_token)
    rest = await api.ok(
        LIST,
        {"first": 2, "after": page["notifications"]["pageInfo"]["endCursor"]},
        token=seller.access_token,
    )

    listed = page["notifications"]
    assert listed["totalCount"] == 3
    assert [e["node"]["text"] for e in listed["edges"]] == ["third", "second"]
    assert listed["edges"][0]["node"]["kind"] == "MENTION"
    assert listed["edges"][0]["node"]["actor"] == {"email": manager.email}
    assert listed["edges"][0]["node"]["subject"] == {"id": crm.gid(deal)}
    assert listed["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["text"] for e in rest["notifications"]["edges"]] == ["first"]


async def test_marking_read_changes_the_unread_count_and_filter(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    made = [await notify(seller.user, AUTOMATION, text=f"n{i}") for i in range(3)]
    ids = [crm.gid(n) for n in made]

    marked = await api.ok(MARK, {"ids": [ids[0], ids[0]]}, token=seller.access_token)
    count = await api.ok(UNREAD, token=seller.access_token)
    unread = await api.ok(LIST, {"filter": {"unread": True}}, token=seller.access_token)
    read = await api.ok(LIST, {"filter": {"unread": False}}, token=seller.access_token)

    assert [m["id"] for m in marked["notificationsMarkRead"]] == [ids[0]]
    assert marked["notificationsMarkRead"][0]["readAt"] is not None
    assert count == {"me": {"unreadNotificationCount": 2}}
    assert {e["node"]["id"] for e in unread["notifications"]["edges"]} == set(ids[1:])
    assert [e["node"]["id"] for e in read["notifications"]["edges"]] == [ids[0]]


async def test_marking_all_read_counts_only_my_unread_ones(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    other = await signed_in(api, "salesperson", email="other@acme.test")
    for i in range(2):
        await notify(seller.user, AUTOMATION, text=f"mine {i}")
    theirs = await notify(other.user, AUTOMATION, text="theirs")

    first = await api.ok(MARK_ALL, token=seller.access_token)
    again = await api.ok(MARK_ALL, token=seller.access_token)

    assert (first, again) == ({"notificationsMarkAllRead": 2}, {"notificationsMarkAllRead": 0})
    assert theirs is not None and (await Notification.get(id=theirs.id)).read_at is None


async def test_nobody_reads_or_marks_another_users_notification(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    seller = await signed_in(api, "salesperson")
    theirs = await notify(seller.user, AUTOMATION, text="for the seller only")
    mine = await notify(owner.user, AUTOMATION, text="for the owner")
    assert theirs is not None and mine is not None

    listed = await api.ok(LIST, token=owner.access_token)
    fetched = await api.execute(NODE, {"id": crm.gid(theirs)}, token=owner.access_token)
    marked = await api.execute(
        MARK, {"ids": [crm.gid(mine), crm.gid(theirs)]}, token=owner.access_token
    )
    counted = await api.execute(COUNT_OF, {"id": crm.gid(seller.user)}, token=owner.access_token)

    assert [e["node"]["text"] for e in listed["notifications"]["edges"]] == ["for the owner"]
    assert fetched.codes == ["NOT_FOUND"] and "for the seller only" not in str(fetched.data)
    assert marked.codes == ["NOT_FOUND"]
    assert (await Notification.get(id=mine.id)).read_at is None, "nothing may be written"
    assert counted.codes == ["FORBIDDEN"]
    assert counted.data == {"node": {"unreadNotificationCount": None}}


async def test_the_recipient_refetches_a_notification_by_id(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    made = await notify(seller.user, AUTOMATION, text="hello")
    assert made is not None

    fetched = await api.ok(NODE, {"id": crm.gid(made)}, token=seller.access_token)

    assert fetched == {"node": {"id": crm.gid(made), "text": "hello"}}


async def test_nobody_is_notified_about_a_record_they_may_not_read(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson", department="Sales")
    outsider = await signed_in(
        api, "salesperson", email="outsider@acme.test", department="Marketing"
    )
    hidden = await crm.deal(outsider.user, await crm.department("Marketing"))

    by_row = await notify(seller.user, AUTOMATION, subject=hidden, text="x")
    by_ref = await notify(seller.user, AUTOMATION, subject=("deal", hidden.id), text="x")
    allowed = await notify(outsider.user, AUTOMATION, subject=("deal", hidden.id), text="x")

    assert (by_row, by_ref) == (None, None)
    assert allowed is not None
    assert await Notification.filter(recipient_id=seller.user.id).count() == 0


async def test_inactive_users_and_actors_themselves_are_not_notified(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    gone = await signed_in(api, "salesperson", email="gone@acme.test")
    gone.user.is_active = False
    await gone.user.save()

    assert await notify(gone.user, AUTOMATION, text="x") is None
    assert await notify(seller.user, MENTION, actor=seller.user, text="x") is None
    assert await Notification.all().count() == 0


async def test_the_list_with_actors_and_subjects_runs_a_constant_number_of_statements(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    manager = await signed_in(api, "manager")
    sales = await crm.department("Sales")

    async def notified(count: int) -> None:
        for _ in range(count):
            deal = await crm.deal(seller.user, sales)
            task = await crm.task(seller.user, sales)
            await notify(seller.user, MENTION, subject=deal, actor=manager.user, text="d")
            await notify(seller.user, MENTION, subject=task, actor=manager.user, text="t")

    await notified(1)
    with count_statements() as few:
        await api.ok(LIST, token=seller.access_token)
    await notified(5)
    with count_statements() as many:
        data = await api.ok(LIST, token=seller.access_token)

    assert len(data["notifications"]["edges"]) == 12
    # The relay publishes the notifications' events meanwhile: its statements are not ours.
    assert len(without_relay(many.statements)) == len(without_relay(few.statements))


async def test_a_role_without_notifications_reads_none_and_is_not_notified(
    api: GraphQLClient,
) -> None:
    permissions = {
        k: v for k, v in BY_KEY["salesperson"].permissions.items() if k != "notification"
    }
    role = await Role.create(name="No notifications", level=5, permissions=permissions)
    user = await signed_in(api, role)

    made = await notify(user.user, AUTOMATION, text="x")
    listed = await api.execute(LIST, token=user.access_token)
    counted = await api.execute(UNREAD, token=user.access_token)

    assert made is None
    assert listed.codes == ["FORBIDDEN"]
    assert counted.codes == ["FORBIDDEN"]
