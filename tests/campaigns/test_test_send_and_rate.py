"""A test send carries the real message for the chosen contact (rendered subject and body, the
signed unsubscribe link and its headers) to the address asked for, and a send keeps to the
channel's rate limit even with several messages in flight: time is a frozen clock that the
pacer's waits move, so nothing sleeps."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import pytest

from mail.unsubscribe_links import verify
from models.campaign_actions import SEND_KIND
from models.clock import FrozenClock
from models.global_ids import global_id
from resolvers.campaign_send import send_handler
from server.job_kinds import campaign_config
from server.settings import Settings
from tests.campaigns.support import SEND, campaign_to, person, template, the_campaign
from tests.jobs.support import worker
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer

PUBLIC = "https://crm.acme.test"
TEST_SEND = """mutation($in: CampaignTestSendInput!) { campaignTestSend(input: $in) }"""
RATE = 4.0
RECIPIENTS = 13


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {
        "smtp_url": smtp_server.url,
        "public_url": PUBLIC,
        "jobs_in_process": False,
        "campaign_email_rate": RATE,
        "campaign_email_connections": 4,
    }


def body_of(message: Any) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8")


async def test_a_test_send_delivers_the_contacts_rendered_message_with_unsubscribe_headers(
    api: GraphQLClient, settings: Settings, smtp_server: SmtpServer
) -> None:
    marketer = await signed_in(api, "marketing")
    bea = await person(marketer.user, "Bea", email_consent=True, language="es")
    campaign_id = await campaign_to(
        api,
        marketer.access_token,
        await template(api, marketer.access_token),
        contactIds=[global_id("Contact", bea.pk)],
    )

    sent = await api.ok(
        TEST_SEND,
        {"in": {"id": campaign_id, "contactId": global_id("Contact", bea.pk), "to": "me@acme.com"}},
        token=marketer.access_token,
    )
    message = await smtp_server.inbox.next_to("me@acme.com")
    campaign = await the_campaign(api, marketer.access_token)

    assert sent["campaignTestSend"] is True
    # Bea's language (es) and her first name; only to the address asked for.
    assert message["Subject"] == "[Test] Hola Bea"
    body = body_of(message)
    assert body.startswith("Querido Bea, novedades.")
    assert [m["To"] for m in smtp_server.inbox.messages] == ["me@acme.com"]
    link = message["List-Unsubscribe"].strip("<>")
    assert link.startswith(f"{PUBLIC}/unsubscribe/")
    assert f"Unsubscribe: {link}" in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = verify(settings.secret_key, link.rsplit("/", 1)[1])
    assert unsubscribe is not None
    assert (unsubscribe.contact_id, unsubscribe.channel) == (bea.pk, "email")
    # A test send is not a send: the campaign is still a draft with nothing counted.
    assert (campaign["state"], campaign["sent"]) == ("draft", 0)


async def test_a_send_keeps_to_the_channels_rate_with_several_connections(
    api: GraphQLClient, settings: Settings, smtp_server: SmtpServer, clock: FrozenClock
) -> None:
    marketer = await signed_in(api, "marketing")
    people = [await person(marketer.user, f"R{i}", email_consent=True) for i in range(RECIPIENTS)]
    campaign_id = await campaign_to(
        api,
        marketer.access_token,
        await template(api, marketer.access_token),
        contactIds=[global_id("Contact", p.pk) for p in people],
    )
    await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)
    waits: list[float] = []

    async def wait(seconds: float) -> None:
        # The pacer's wait moves the frozen clock instead of sleeping. No await in here: the
        # send that waited goes on at once, at the time it waited for.
        waits.append(seconds)
        clock.advance(seconds=seconds)

    def now() -> float:
        return clock.now().timestamp()

    start = clock.now()
    paced = send_handler(campaign_config(settings), wait=wait, now=now)
    ran = await worker(settings, **{SEND_KIND: paced}).run_due()
    # Each message's Date header is the frozen clock's time when it left.
    left = sorted(parsedate_to_datetime(m["Date"]) for m in smtp_server.inbox.messages)
    clock.set(start)  # back to when the access token was issued
    campaign = await the_campaign(api, marketer.access_token)

    assert ran == 1
    assert (campaign["state"], campaign["sent"]) == ("sent", RECIPIENTS)
    assert len(left) == RECIPIENTS
    # Never more than RATE messages in any one second (Date has whole seconds: a window
    # [s, s + 1) holds at most RATE slots 1/RATE apart) ...
    per_second: dict[datetime, int] = {}
    for at in left:
        per_second[at] = per_second.get(at, 0) + 1
    assert max(per_second.values()) <= RATE
    # ... and the pacer's waits add up to the spacing: RECIPIENTS slots, 1/RATE apart.
    assert sum(waits) == pytest.approx((RECIPIENTS - 1) / RATE)
