"""Task reminders and overdue notices name the task they are about."""

from __future__ import annotations

from datetime import timedelta

from starlette.applications import Starlette

from models.clock import FrozenClock
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

MINE = "{ notifications { edges { node { kind text } } } }"


async def test_a_reminder_and_an_overdue_notice_carry_the_task_title(
    api: GraphQLClient, app: Starlette, clock: FrozenClock
) -> None:
    seller = await signed_in(api, "salesperson")
    now = clock.now()
    await crm.task(
        seller.user,
        title="Call Ada about the renewal",
        remind_at=now + timedelta(minutes=30),
        due_at=now + timedelta(hours=1),
    )
    clock.advance(hours=2)
    sent = await app.state.scheduler.tick()
    assert (sent.reminders, sent.overdue) == (1, 1)
    clock.advance(hours=-2)  # back to when the access token was issued

    data = await api.ok(MINE, token=seller.access_token)

    texts = {e["node"]["kind"]: e["node"]["text"] for e in data["notifications"]["edges"]}
    assert "Call Ada about the renewal" in texts["TASK_REMINDER"]
    assert "Call Ada about the renewal" in texts["TASK_OVERDUE"]
