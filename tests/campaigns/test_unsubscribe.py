"""The one-click unsubscribe link of a campaign e-mail (RFC 8058): GET shows a confirmation
and changes nothing, POST (the page's button or a mail client's one-click POST) withdraws the
contact's e-mail consent with its evidence; an altered link is refused."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from models.campaign import ConsentEvidence
from models.contact import Contact
from models.global_ids import global_id
from server.settings import Settings
from tests.campaigns.support import SEND, campaign_to, person, template
from tests.jobs.support import worker
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.smtp import SmtpServer

PUBLIC = "http://tandem.test"
CONSENT = """query($id: ID!) { node(id: $id) { ... on Contact {
  emailConsent { granted at source }
} } }"""


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url, "public_url": PUBLIC, "jobs_in_process": False}


async def link_sent_to_ann(
    api: GraphQLClient, settings: Settings, smtp_server: SmtpServer
) -> tuple[str, Contact, str, str]:
    marketer = await signed_in(api, "marketing")
    ann = await person(marketer.user, "Ann", email_consent=True)
    campaign_id = await campaign_to(
        api,
        marketer.access_token,
        await template(api, marketer.access_token),
        contactIds=[global_id("Contact", ann.pk)],
    )
    await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)
    await worker(settings).run_due()
    (message,) = smtp_server.inbox.to("ann@example.test")
    url = message["List-Unsubscribe"][1:-1]
    return url.removeprefix(PUBLIC), ann, campaign_id, marketer.access_token


async def test_the_link_shows_a_confirmation_and_changes_nothing_on_get(
    api: GraphQLClient, http: httpx.AsyncClient, settings: Settings, smtp_server: SmtpServer
) -> None:
    path, ann, _, token = await link_sent_to_ann(api, settings, smtp_server)

    page = await http.get(path)
    consent = await api.ok(CONSENT, {"id": global_id("Contact", ann.pk)}, token=token)

    assert page.status_code == 200
    assert 'method="post"' in page.text and "Unsubscribe" in page.text
    assert consent["node"]["emailConsent"]["granted"] is True


async def test_a_one_click_post_withdraws_consent_with_its_evidence(
    api: GraphQLClient, http: httpx.AsyncClient, settings: Settings, smtp_server: SmtpServer
) -> None:
    path, ann, campaign_id, token = await link_sent_to_ann(api, settings, smtp_server)

    answer = await http.post(
        path,
        content="List-Unsubscribe=One-Click",
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "user-agent": "MailClient/1.0",
        },
    )
    again = await http.post(path, content="List-Unsubscribe=One-Click")
    consent = await api.ok(CONSENT, {"id": global_id("Contact", ann.pk)}, token=token)
    (evidence,) = await ConsentEvidence.filter(contact_id=ann.pk)
    stored = await Contact.get(pk=ann.pk)

    assert (answer.status_code, again.status_code) == (200, 200)
    assert consent["node"]["emailConsent"]["granted"] is False
    assert consent["node"]["emailConsent"]["source"].startswith("unsubscribe link, campaign ")
    assert global_id("Campaign", evidence.campaign_id) == campaign_id
    assert (evidence.channel, evidence.consent, evidence.user_agent) == (
        "email",
        False,
        "MailClient/1.0",
    )
    assert evidence.ip is not None
    assert stored.email_consent_source == f"unsubscribe link, campaign {evidence.campaign_id}"
    assert stored.email_consent_at is not None


async def test_a_contact_who_unsubscribed_is_skipped_by_the_next_send(
    api: GraphQLClient, http: httpx.AsyncClient, settings: Settings, smtp_server: SmtpServer
) -> None:
    path, ann, _, token = await link_sent_to_ann(api, settings, smtp_server)
    await http.post(path, content="List-Unsubscribe=One-Click")
    second = await campaign_to(
        api, token, await template(api, token), contactIds=[global_id("Contact", ann.pk)]
    )

    await api.ok(SEND, {"id": second}, token=token)
    await worker(settings).run_due()

    assert len(smtp_server.inbox.to("ann@example.test")) == 1


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_an_altered_link_is_refused_and_changes_nothing(
    api: GraphQLClient,
    http: httpx.AsyncClient,
    settings: Settings,
    smtp_server: SmtpServer,
    method: str,
) -> None:
    path, ann, _, _ = await link_sent_to_ann(api, settings, smtp_server)
    campaign, contact, channel, mac = path.removeprefix("/unsubscribe/").split(".")
    # Someone else's contact id under Ann's signature.
    forged = f"/unsubscribe/{campaign}.{int(contact) + 1}.{channel}.{mac}"

    answers = [await http.request(method, forged), await http.request(method, "/unsubscribe/x")]

    assert [a.status_code for a in answers] == [404, 404]
    assert (await Contact.get(pk=ann.pk)).email_consent is True
    assert await ConsentEvidence.all().count() == 0
