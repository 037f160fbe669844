"""A campaign's state and counts reach its watchers live over ``campaignUpdated`` (one event
per page of sends, not per message); a role without campaigns hears nothing."""

from __future__ import annotations

from typing import Any

import pytest
from gql.transport.exceptions import TransportQueryError

from models.global_ids import global_id
from server.settings import Settings
from tests.campaigns.support import SEND, campaign_to, person, template
from tests.jobs.support import worker
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer
from tests.support.subscriber import subscribed

UPDATED = """subscription($id: ID) {
  campaignUpdated(id: $id) { id state queued sent failed skipped cursor }
}"""


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url, "jobs_in_process": False}


async def test_the_counts_of_a_campaign_arrive_live_until_it_is_sent(
    api: GraphQLClient, settings: Settings, ws_url: str
) -> None:
    marketer = await signed_in(api, "marketing")
    people = [
        await person(marketer.user, "Ann", email_consent=True),
        await person(marketer.user, "Bob", email_consent=False),
        await person(marketer.user, "Cat", email_consent=True),
    ]
    campaign_id = await campaign_to(
        api,
        marketer.access_token,
        await template(api, marketer.access_token),
        contactIds=[global_id("Contact", p.pk) for p in people],
    )

    async with subscribed(ws_url, marketer.access_token, UPDATED, {"id": campaign_id}) as heard:
        await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)
        await worker(settings).run_due()
        first = (await heard.next())["campaignUpdated"]
        # The campaign's creation event may still be on its way through the outbox relay when
        # the subscription starts (Redis), so a "draft" event may come first; it is not the send's.
        while first["state"] == "draft":
            first = (await heard.next())["campaignUpdated"]
        events = [first]
        while events[-1]["state"] != "sent" and len(events) < 10:
            events.append((await heard.next())["campaignUpdated"])

    assert events[0]["state"] == "sending"
    assert {e["id"] for e in events} == {campaign_id}
    last = events[-1]
    assert (last["state"], last["sent"], last["skipped"], last["queued"]) == ("sent", 2, 1, 0)
    # Coalesced: the start, the queue counted, one per page of sends, the end; never one per
    # message (three recipients, one page).
    assert len(events) <= 4
    assert all(e["cursor"] for e in events)


async def test_a_role_without_campaigns_cannot_subscribe(api: GraphQLClient, ws_url: str) -> None:
    seller = await signed_in(api, "salesperson")

    async with subscribed(ws_url, seller.access_token, UPDATED, {}) as heard:
        with pytest.raises((TransportQueryError, AssertionError)) as refused:
            await heard.next()

    assert "FORBIDDEN" in str(refused.value) or "Not allowed" in str(refused.value)
