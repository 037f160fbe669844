"""A worker killed in the middle of a campaign, and the worker that takes the job over once
its lease has run out: every consenting recipient gets the message exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from models.clock import FrozenClock
from models.global_ids import global_id
from server.settings import Settings
from tests.campaigns.support import (
    SEND,
    StallingSmtp,
    campaign_to,
    deliveries,
    person,
    template,
    the_campaign,
)
from tests.jobs.support import jobs, worker
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

RECIPIENTS = 8
STALL_AT = 4


@pytest.fixture
def stalling() -> Iterator[StallingSmtp]:
    server = StallingSmtp(STALL_AT)
    server.start()
    try:
        yield server
    finally:
        server.stalling.release.set()
        server.stop()


@pytest.fixture
def settings_overrides(stalling: StallingSmtp) -> dict[str, Any]:
    return {"smtp_url": stalling.url, "jobs_in_process": False}


async def test_a_campaign_resumed_after_its_worker_died_sends_to_everyone_once(
    api: GraphQLClient, settings: Settings, stalling: StallingSmtp, clock: FrozenClock
) -> None:
    marketer = await signed_in(api, "marketing")
    people = [await person(marketer.user, f"P{i}", email_consent=True) for i in range(RECIPIENTS)]
    campaign_id = await campaign_to(
        api,
        marketer.access_token,
        await template(api, marketer.access_token),
        contactIds=[global_id("Contact", p.pk) for p in people],
    )
    await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)
    (job,) = await jobs(api, marketer.access_token)
    first, second = worker(settings), worker(settings)

    dying = asyncio.create_task(first.run_due())
    assert await asyncio.to_thread(stalling.stalling.reached.wait, 10)
    dying.cancel()  # the process is gone, with message 4 in flight
    await asyncio.gather(dying, return_exceptions=True)
    stalling.stalling.release.set()  # the server refuses the message it never finished taking
    midway = list(stalling.inbox.messages)
    too_soon = await second.run_due()  # the lease still holds the job
    clock.advance(seconds=settings.job_lease_seconds + 1)
    taken_over = await second.run_due()
    finished = await the_campaign(api, marketer.access_token)
    log = await deliveries(api, marketer.access_token, campaign_id)
    (after,) = await jobs(api, marketer.access_token)

    # How many the other connections got through before the kill depends on timing (several
    # messages are in flight at once); some went, and not all.
    assert 0 < len(midway) < RECIPIENTS
    assert (too_soon, taken_over) == (0, 1)
    received = sorted(m["To"] for m in stalling.inbox.messages)
    assert received == sorted(f"p{i}@example.test" for i in range(RECIPIENTS))
    assert {d["state"] for d in log} == {"SENT"}
    assert (finished["state"], finished["sent"]) == ("sent", RECIPIENTS)
    assert (after["id"], after["state"], after["attempts"]) == (job["id"], "SUCCEEDED", 2)
