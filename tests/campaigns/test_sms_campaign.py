"""An SMS campaign through a local HTTP stub of a Twilio-style provider (form POST, basic
auth): contacts with SMS consent and a phone get it; a provider error is a failed delivery with
the reason; e-mail consent does not count for SMS."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from models.campaign import Campaign
from models.global_ids import global_id
from server.settings import Settings
from tests.campaigns.support import (
    SEND,
    SmsStub,
    basic,
    campaign_to,
    deliveries,
    person,
    sms_provider,
    template,
    the_campaign,
)
from tests.jobs.support import worker
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

TEXT = [{"language": "EN", "body": "Hi {{ contact.firstName }}, 20% off today."}]


@pytest.fixture
async def stub() -> AsyncIterator[SmsStub]:
    async with sms_provider() as running:
        yield running


@pytest.fixture
def settings_overrides(stub: SmsStub) -> dict[str, Any]:
    return {
        "sms_url": stub.url,
        "sms_username": "AC123",
        "sms_password": "sms-secret",
        "sms_from": "+15005550006",
        "jobs_in_process": False,
    }


async def test_an_sms_campaign_reaches_the_contacts_with_sms_consent_through_the_provider(
    api: GraphQLClient, settings: Settings, stub: SmsStub
) -> None:
    marketer = await signed_in(api, "marketing")
    owner = marketer.user
    people = [
        await person(owner, "Ann", phone="+34600000001", sms_consent=True),
        await person(owner, "Bob", phone="+34600000002", sms_consent=False, email_consent=True),
        await person(owner, "Cat", phone=None, sms_consent=True),
        await person(owner, "Dee", phone="+34600000004", sms_consent=True),
    ]
    stub.fail_for.add("+34600000004")
    template_id = await template(api, marketer.access_token, "SMS", TEXT)
    campaign_id = await campaign_to(
        api,
        marketer.access_token,
        template_id,
        contactIds=[global_id("Contact", p.pk) for p in people],
    )

    await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)
    await worker(settings).run_due()
    log = {
        d["address"]: (d["state"], d["reason"])
        for d in await deliveries(api, marketer.access_token, campaign_id)
    }
    counts = await the_campaign(api, marketer.access_token)

    assert stub.received == [
        {"To": "+34600000001", "From": "+15005550006", "Body": "Hi Ann, 20% off today."}
    ]
    assert set(stub.auth) == {basic("AC123", "sms-secret")}
    # The delivery's idempotency key travels with the request.
    campaign = await Campaign.get()
    assert stub.keys[0] == f"campaign:{campaign.pk}:contact:{people[0].pk}"
    assert log["+34600000001"] == ("SENT", None)
    assert log["+34600000002"] == ("SKIPPED", "no consent")
    assert log[None] == ("SKIPPED", "no address")
    state, reason = log["+34600000004"]
    assert state == "FAILED" and reason.startswith("SMS provider answered 500")
    assert (counts["sent"], counts["failed"], counts["skipped"]) == (1, 1, 2)
