"""Task reminders by e-mail, as each user chooses (``myPreferencesUpdate``): a user who chose
e-mail gets one mail per due reminder through the real SMTP server, however many scheduler
rounds and workers see it; a user who did not gets none; nobody sets another's preference.
Time is the frozen clock: the reminders fall due by moving it, nothing sleeps."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from starlette.applications import Starlette

from models.clock import FrozenClock
from models.global_ids import global_id
from models.notification import TASK_REMINDER, Notification
from server.settings import Settings
from tests.jobs.support import worker
from tests.notifications.test_task_notices import scheduler_of
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer

PREFS = "{ myPreferences { reminderChannels } }"
SET_PREFS = """mutation($in: MyPreferencesInput!) {
  myPreferencesUpdate(input: $in) { reminderChannels }
}"""
CREATE = "mutation($input: TaskCreateInput!) { taskCreate(input: $input) { id } }"


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    # Jobs run only when a test's workers sweep: the test decides when, and with how many.
    return {"smtp_url": smtp_server.url, "jobs_in_process": False}


async def _task(api: GraphQLClient, token: str, title: str, remind_at: Any) -> str:
    data = await api.ok(
        CREATE, {"input": {"title": title, "remindAt": remind_at.isoformat()}}, token=token
    )
    return str(data["taskCreate"]["id"])


async def round_and_mails(app: Starlette, settings: Settings) -> None:
    """A scheduler round, run by a worker's sweep, and the next sweep, which sends the mails
    the round queued."""
    await scheduler_of(app).tick()
    sweeper = worker(settings)
    await sweeper.run_due()
    await sweeper.run_due()


async def test_a_user_who_chose_email_gets_one_mail_per_due_reminder_and_others_none(
    api: GraphQLClient,
    app: Starlette,
    settings: Settings,
    smtp_server: SmtpServer,
    clock: FrozenClock,
) -> None:
    mailed = await signed_in(api, "salesperson", email="mailed@acme.com")
    plain = await signed_in(api, "salesperson", email="plain@acme.com")
    chosen = await api.ok(
        SET_PREFS, {"in": {"reminderChannels": ["IN_APP", "EMAIL"]}}, token=mailed.access_token
    )
    start = clock.now()
    at = start + timedelta(hours=1)
    await _task(api, mailed.access_token, "Call Ana", at)
    await _task(api, mailed.access_token, "Send the quote", at)
    await _task(api, plain.access_token, "Plain task", at)
    await _task(api, mailed.access_token, "Not yet", start + timedelta(days=1))
    scheduler = scheduler_of(app)
    first, second = worker(settings), worker(settings)

    clock.advance(hours=1)
    # Two rounds (one job at a time by its exclusive key), then two workers at once for the
    # mails the rounds queued, then both again: every one of them sees the due reminders.
    for _ in range(2):
        await scheduler.tick()
        await asyncio.gather(first.run_due(), second.run_due())
    await asyncio.gather(first.run_due(), second.run_due())
    to_mailed = sorted(m["Subject"] for m in smtp_server.inbox.to("mailed@acme.com"))
    to_plain = smtp_server.inbox.to("plain@acme.com")
    clock.set(start)  # back to when the access tokens were issued
    preferences = await api.ok(PREFS, token=plain.access_token)
    in_app = await Notification.filter(kind=TASK_REMINDER).values_list("recipient_id", flat=True)

    assert chosen["myPreferencesUpdate"]["reminderChannels"] == ["IN_APP", "EMAIL"]
    assert to_mailed == ["Reminder: Call Ana", "Reminder: Send the quote"]
    assert to_plain == []
    assert preferences["myPreferences"]["reminderChannels"] == ["IN_APP"]
    # In the app too, for both: the one who chose e-mail kept the in-app channel.
    assert sorted(in_app) == sorted([mailed.user.pk, mailed.user.pk, plain.user.pk])


async def test_email_only_means_no_notification_in_the_app(
    api: GraphQLClient,
    app: Starlette,
    settings: Settings,
    smtp_server: SmtpServer,
    clock: FrozenClock,
) -> None:
    seller = await signed_in(api, "salesperson", email="seller@acme.com")
    await api.ok(SET_PREFS, {"in": {"reminderChannels": ["EMAIL"]}}, token=seller.access_token)
    await _task(api, seller.access_token, "Call Ana", clock.now() + timedelta(minutes=5))

    clock.advance(minutes=5)
    await round_and_mails(app, settings)

    assert [m["Subject"] for m in smtp_server.inbox.to("seller@acme.com")] == ["Reminder: Call Ana"]
    assert await Notification.filter(kind=TASK_REMINDER).count() == 0


async def test_nobody_can_set_another_users_preference(
    api: GraphQLClient,
    app: Starlette,
    settings: Settings,
    smtp_server: SmtpServer,
    clock: FrozenClock,
) -> None:
    victim = await signed_in(api, "salesperson", email="victim@acme.com")
    admin = await signed_in(api, "admin", email="admin@acme.com")
    victim_id = victim.user.pk
    await _task(api, victim.access_token, "Quiet task", clock.now() + timedelta(minutes=5))

    # The mutation has no user argument: naming one is refused before anything runs...
    named = await api.execute(
        """mutation($u: ID!) { myPreferencesUpdate(
          input: {reminderChannels: [EMAIL], userId: $u}) { reminderChannels } }""",
        {"u": global_id("User", victim_id)},
        token=admin.access_token,
    )
    # ... nor can a user administrator reach it through userUpdate ...
    through_admin = await api.execute(
        """mutation($id: ID!) { userUpdate(input: {id: $id, reminderChannels: [EMAIL]}) {
          id } }""",
        {"id": global_id("User", victim_id)},
        token=admin.access_token,
    )
    # ... and setting one's own changes only one's own.
    await api.ok(SET_PREFS, {"in": {"reminderChannels": ["EMAIL"]}}, token=admin.access_token)
    theirs = await api.ok(PREFS, token=victim.access_token)
    clock.advance(minutes=5)
    await round_and_mails(app, settings)

    assert named.errors and through_admin.errors
    assert named.data is None and through_admin.data is None
    assert theirs["myPreferences"]["reminderChannels"] == ["IN_APP"]
    assert smtp_server.inbox.messages == []
