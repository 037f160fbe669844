"""An e-mail campaign to a segment, through a real SMTP server (aiosmtpd): exactly the contacts
with e-mail consent get it, in their language, each with a signed one-click unsubscribe link;
the delivery log says who was skipped and why, and the campaign's counts add up."""

from __future__ import annotations

from typing import Any

import pytest

from models.contact import Contact
from models.global_ids import global_id
from models.user import User
from server.settings import Settings
from tests.campaigns.support import (
    SEGMENT_CREATE,
    SEND,
    campaign_to,
    deliveries,
    person,
    template,
    the_campaign,
)
from tests.jobs.support import worker
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer

PUBLIC = "https://crm.acme.test"


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url, "public_url": PUBLIC, "jobs_in_process": False}


async def audience(owner_id: int) -> dict[str, Contact]:
    owner = await User.get(pk=owner_id)
    return {
        "ann": await person(owner, "Ann", email_consent=True, language="en"),
        "bea": await person(owner, "Bea", email_consent=True, language="es-MX"),
        "cid": await person(owner, "Cid", email_consent=False),
        "dan": await person(owner, "Dan", email_consent=None),
        "eve": await person(owner, "Eve", email=None, email_consent=True),
        # Outside the segment (another lifecycle stage): never queued.
        "fay": await person(owner, "Fay", email_consent=True, lifecycle_stage="customer"),
    }


async def test_a_segment_campaign_reaches_exactly_the_consenting_contacts(
    api: GraphQLClient, settings: Settings, smtp_server: SmtpServer
) -> None:
    marketer = await signed_in(api, "marketing")
    people = await audience(marketer.user.id)
    segment = await api.ok(
        SEGMENT_CREATE,
        {"in": {"name": "Leads", "filter": {"lifecycleStage": "lead"}}},
        token=marketer.access_token,
    )
    await Contact.exclude(first_name="Fay").update(lifecycle_stage="lead")
    template_id = await template(api, marketer.access_token)
    campaign_id = await campaign_to(
        api, marketer.access_token, template_id, segmentId=segment["segmentCreate"]["id"]
    )

    sending = await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)
    ran = await worker(settings).run_due()
    finished = await the_campaign(api, marketer.access_token)
    log = await deliveries(api, marketer.access_token, campaign_id)

    assert sending["campaignSend"]["state"] == "sending"
    assert ran == 1
    got = sorted(m["To"] for m in smtp_server.inbox.messages)
    assert got == ["ann@example.test", "bea@example.test"]
    assert (finished["state"], finished["sent"], finished["skipped"], finished["failed"]) == (
        "sent",
        2,
        3,
        0,
    )
    reasons = sorted((d["address"] or "", d["state"], d["reason"] or "") for d in log)
    assert reasons == [
        ("", "SKIPPED", "no address"),
        ("ann@example.test", "SENT", ""),
        ("bea@example.test", "SENT", ""),
        ("cid@example.test", "SKIPPED", "no consent"),
        ("dan@example.test", "SKIPPED", "no consent"),
    ]
    assert global_id("Contact", people["fay"].pk) not in {d["contactId"] for d in log}


async def test_each_message_is_in_the_recipients_language_with_one_click_unsubscribe_headers(
    api: GraphQLClient, settings: Settings, smtp_server: SmtpServer
) -> None:
    marketer = await signed_in(api, "marketing")
    people = await audience(marketer.user.id)
    template_id = await template(api, marketer.access_token)
    ids = [global_id("Contact", people[k].pk) for k in ("ann", "bea")]
    campaign_id = await campaign_to(api, marketer.access_token, template_id, contactIds=ids)

    await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)
    await worker(settings).run_due()
    (ann,) = smtp_server.inbox.to("ann@example.test")
    (bea,) = smtp_server.inbox.to("bea@example.test")

    assert ann["Subject"] == "Hello Ann"
    assert bea["Subject"] == "Hola Bea"
    assert "Querido Bea, novedades." in str(bea.get_payload())
    link = ann["List-Unsubscribe"]
    assert link.startswith(f"<{PUBLIC}/unsubscribe/") and link.endswith(">")
    assert ann["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link[1:-1] in str(ann.get_payload())
    assert ann["List-Unsubscribe"] != bea["List-Unsubscribe"]
