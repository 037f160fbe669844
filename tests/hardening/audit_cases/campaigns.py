"""Audit walk cases: message templates and campaigns (issue 18)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from models import clock
from models.contact import Contact
from tests.hardening.audit_cases.registry import World, case
from tests.support import crm

VARIANT = {"language": "EN", "subject": "Hi {{ contact.firstName }}", "body": "News."}


async def _template(w: World) -> str:
    data = await w.ok(
        """mutation($v: [TemplateVariantInput!]!) { messageTemplateCreate(input:
          {name: "News", channel: EMAIL, variants: $v}) { id } }""",
        {"v": [VARIANT]},
    )
    return str(data["messageTemplateCreate"]["id"])


async def _contact(w: World) -> Contact:
    return await Contact.create(
        owner=w.owner.user, first_name="Ana", last_name="Doe", email="ana@example.test"
    )


async def _campaign(w: World, send: bool = False) -> str:
    contact = await _contact(w)
    data = await w.ok(
        """mutation($t: ID!, $c: [ID!]) { campaignCreate(input:
          {name: "Spring", templateId: $t, contactIds: $c}) { id } }""",
        {"t": await _template(w), "c": [crm.gid(contact)]},
    )
    pk = str(data["campaignCreate"]["id"])
    if send:
        # A month after the server clock: the campaign stays scheduled, not sent.
        at = (clock.now() + timedelta(days=30)).isoformat()
        await w.ok(
            "mutation($id: ID!, $at: DateTime!) "
            "{ campaignSchedule(input: {id: $id, at: $at}) { id } }",
            {"id": pk, "at": at},
        )
    return pk


@case("messageTemplateCreate")
async def _template_create(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        """mutation($v: [TemplateVariantInput!]!) { messageTemplateCreate(input:
          {name: "News", channel: EMAIL, variants: $v}) { id } }""",
        {"v": [VARIANT]},
        "messageTemplate.",
    )


@case("messageTemplateUpdate")
async def _template_update(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        'mutation($id: ID!) { messageTemplateUpdate(input: {id: $id, name: "Later"}) { id } }',
        {"id": await _template(w)},
        "messageTemplate.",
    )


@case("campaignCreate")
async def _campaign_create(w: World) -> tuple[str, dict[str, Any], str]:
    contact = await _contact(w)
    return (
        """mutation($t: ID!, $c: [ID!]) { campaignCreate(input:
          {name: "Spring", templateId: $t, contactIds: $c}) { id } }""",
        {"t": await _template(w), "c": [crm.gid(contact)]},
        "campaign.",
    )


@case("campaignTestSend")
async def _campaign_test_send(w: World) -> tuple[str, dict[str, Any], str]:
    pk = await _campaign(w)
    contact = await _contact(w)
    return (
        """mutation($id: ID!, $c: ID!) { campaignTestSend(input:
          {id: $id, contactId: $c, to: "me@example.com"}) }""",
        {"id": pk, "c": crm.gid(contact)},
        "campaign.testSend",
    )


@case("campaignSchedule")
async def _campaign_schedule(w: World) -> tuple[str, dict[str, Any], str]:
    at = (clock.now() + timedelta(days=30)).isoformat()
    return (
        "mutation($id: ID!, $at: DateTime!) { campaignSchedule(input: {id: $id, at: $at}) { id } }",
        {"id": await _campaign(w), "at": at},
        "campaign.schedule",
    )


@case("campaignSend")
async def _campaign_send(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        "mutation($id: ID!) { campaignSend(id: $id) { id } }",
        {"id": await _campaign(w)},
        "campaign.send",
    )


@case("campaignPause")
async def _campaign_pause(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        "mutation($id: ID!) { campaignPause(id: $id) { id } }",
        {"id": await _campaign(w, send=True)},
        "campaign.pause",
    )


@case("campaignCancel")
async def _campaign_cancel(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        "mutation($id: ID!) { campaignCancel(id: $id) { id } }",
        {"id": await _campaign(w)},
        "campaign.cancel",
    )
