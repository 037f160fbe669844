"""notificationAdded over real websockets: the recipient hears each new notification, on both
protocols and from the scheduler's loop too; nobody else hears it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from starlette.applications import Starlette

from models.clock import FrozenClock
from models.notification import AUTOMATION
from models.notifications import notify
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.subscriber import LEGACY, PROTOCOL, subscribed

ADDED = """
subscription($after: String) {
  notificationAdded(after: $after) { id cursor kind text actor { email } subject { id } }
}
"""
COMMENT = "mutation($input: CommentCreateInput!) { commentCreate(input: $input) { id } }"


@pytest.mark.parametrize("protocol", [PROTOCOL, LEGACY])
async def test_the_recipient_hears_a_mention_and_nobody_else_does(
    api: GraphQLClient, ws_url: str, protocol: str
) -> None:
    seller = await signed_in(api, "salesperson")
    manager = await signed_in(api, "manager")
    owner = await signed_in(api, "owner")
    deal = await crm.deal(seller.user, await crm.department("Sales"))
    mention = f"@[Manager]({crm.gid(manager.user)}) look"

    async with (
        subscribed(ws_url, manager.access_token, ADDED, {"after": "0"}, protocol=protocol) as heard,
        subscribed(ws_url, owner.access_token, ADDED, {"after": "0"}, protocol=protocol) as other,
    ):
        await api.ok(
            COMMENT,
            {"input": {"targetId": crm.gid(deal), "body": mention}},
            token=seller.access_token,
        )
        await notify(owner.user, AUTOMATION, text="for the owner")
        got = (await heard.next())["notificationAdded"]
        # The owner's first event is its own, later one: the mention never reached it.
        owners = (await other.next())["notificationAdded"]

    assert got["kind"] == "MENTION"
    assert got["actor"] == {"email": seller.email}
    assert got["subject"] == {"id": crm.gid(deal)}
    assert got["cursor"] is not None
    assert owners["text"] == "for the owner"


async def test_a_subscriber_resumes_after_its_last_cursor(api: GraphQLClient, ws_url: str) -> None:
    seller = await signed_in(api, "salesperson")
    first = await notify(seller.user, AUTOMATION, text="one")
    assert first is not None

    async with subscribed(ws_url, seller.access_token, ADDED, {"after": "0"}) as heard:
        cursor = (await heard.next())["notificationAdded"]["cursor"]
    await notify(seller.user, AUTOMATION, text="two")
    async with subscribed(ws_url, seller.access_token, ADDED, {"after": cursor}) as resumed:
        again = (await resumed.next())["notificationAdded"]

    assert again["text"] == "two"


async def test_the_scheduler_loop_delivers_a_reminder_live(
    api: GraphQLClient, app: Starlette, ws_url: str, clock: FrozenClock
) -> None:
    seller = await signed_in(api, "salesperson")
    task = await crm.task(
        seller.user, assignee=seller.user, remind_at=clock.now() + timedelta(minutes=5)
    )

    async with subscribed(ws_url, seller.access_token, ADDED, {"after": "0"}) as heard:
        clock.advance(minutes=5)
        # The running loop, woken now instead of at its next interval.
        app.state.scheduler.nudge()
        got = (await heard.next())["notificationAdded"]

    assert got["kind"] == "TASK_REMINDER"
    assert got["subject"] == {"id": crm.gid(task)}
    assert got["actor"] is None


async def test_a_role_without_notifications_cannot_subscribe(
    api: GraphQLClient, ws_url: str
) -> None:
    from models.access.role_templates import BY_KEY
    from models.role import Role

    permissions = {k: v for k, v in BY_KEY["support"].permissions.items() if k != "notification"}
    role = await Role.create(name="No notifications", level=5, permissions=permissions)
    user = await signed_in(api, role)

    async with subscribed(ws_url, user.access_token, ADDED, {}) as heard:
        with pytest.raises(Exception) as refused:
            await heard.next()

    assert "FORBIDDEN" in str(refused.value)
