"""A scheduled campaign fires once when it is due, however many processes' workers sweep for
it; pausing and cancelling stop it, and sending again resumes where it stopped."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from models import clock as clock_module
from models.clock import FrozenClock
from models.global_ids import global_id
from server.settings import Settings
from tests.campaigns.support import (
    CANCEL,
    PAUSE,
    SCHEDULE,
    SEND,
    campaign_to,
    deliveries,
    person,
    template,
    the_campaign,
)
from tests.jobs.support import worker
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url, "jobs_in_process": False}


async def a_campaign(api: GraphQLClient, marketer: Account, recipients: int) -> str:
    people = [await person(marketer.user, f"P{i}", email_consent=True) for i in range(recipients)]
    return await campaign_to(
        api,
        marketer.access_token,
        await template(api, marketer.access_token),
        contactIds=[global_id("Contact", p.pk) for p in people],
    )


async def test_a_scheduled_campaign_fires_once_across_two_processes_workers(
    api: GraphQLClient, settings: Settings, smtp_server: SmtpServer, clock: FrozenClock
) -> None:
    marketer = await signed_in(api, "marketing")
    campaign_id = await a_campaign(api, marketer, 5)
    at = clock_module.now() + timedelta(minutes=10)

    scheduled = await api.ok(
        SCHEDULE, {"in": {"id": campaign_id, "at": at.isoformat()}}, token=marketer.access_token
    )
    one, two = worker(settings), worker(settings)
    early = await asyncio.gather(one.run_due(), two.run_due())
    clock.advance(minutes=10, seconds=1)
    due = await asyncio.gather(one.run_due(), two.run_due())
    again = await asyncio.gather(one.run_due(), two.run_due())
    finished = await the_campaign(api, marketer.access_token)

    assert scheduled["campaignSchedule"]["state"] == "scheduled"
    assert early == [0, 0]
    assert sorted(due) == [0, 1] and again == [0, 0]
    assert len(smtp_server.inbox.messages) == 5
    assert (finished["state"], finished["sent"]) == ("sent", 5)


async def test_a_time_in_the_past_is_refused_before_anything_is_written(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    marketer = await signed_in(api, "marketing")
    campaign_id = await a_campaign(api, marketer, 1)
    past = clock_module.now() - timedelta(minutes=1)

    error = await api.error(
        SCHEDULE, {"in": {"id": campaign_id, "at": past.isoformat()}}, token=marketer.access_token
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "at"}
    assert (await the_campaign(api, marketer.access_token))["state"] == "draft"


async def test_a_paused_campaign_stops_and_a_send_resumes_it_without_repeats(
    api: GraphQLClient, settings: Settings, smtp_server: SmtpServer
) -> None:
    marketer = await signed_in(api, "marketing")
    campaign_id = await a_campaign(api, marketer, 3)
    await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)

    paused = await api.ok(PAUSE, {"id": campaign_id}, token=marketer.access_token)
    stopped = await worker(settings).run_due()  # the run finds its campaign paused
    before = len(smtp_server.inbox.messages)
    await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)
    await worker(settings).run_due()
    finished = await the_campaign(api, marketer.access_token)

    assert paused["campaignPause"]["state"] == "paused"
    assert (stopped, before) == (1, 0)
    assert sorted(m["To"] for m in smtp_server.inbox.messages) == [
        f"p{i}@example.test" for i in range(3)
    ]
    assert (finished["state"], finished["sent"]) == ("sent", 3)


async def test_a_cancelled_campaign_sends_nothing_and_cannot_be_sent(
    api: GraphQLClient, settings: Settings, smtp_server: SmtpServer
) -> None:
    marketer = await signed_in(api, "marketing")
    campaign_id = await a_campaign(api, marketer, 2)
    await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)

    cancelled = await api.ok(CANCEL, {"id": campaign_id}, token=marketer.access_token)
    await worker(settings).run_due()
    refused = await api.error(SEND, {"id": campaign_id}, token=marketer.access_token)
    log = await deliveries(api, marketer.access_token, campaign_id)

    assert cancelled["campaignCancel"]["state"] == "cancelled"
    assert smtp_server.inbox.messages == [] and log == []
    assert refused["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "id",
        "reason": "CAMPAIGN_STATE",
    }
