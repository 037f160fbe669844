"""What a template may insert is what its sender may read: a field the sender's role does not
grant is not available to the template (the preview fails with TEMPLATE_FIELD_NOT_AVAILABLE,
a send fails that delivery with the reason and sends nothing), while a role that may read it
renders it. Templates run in Jinja2's immutable sandbox: no reaching into Python objects."""

from __future__ import annotations

from typing import Any

import pytest

from models.access.catalogue import CATALOGUE
from models.access.policy import READ, WRITE, from_fields
from models.access.role_templates import MARKETING
from models.global_ids import global_id
from server.settings import Settings
from tests.campaigns.support import (
    SEND,
    TEMPLATE_CREATE,
    campaign_to,
    deliveries,
    person,
    template,
)
from tests.jobs.support import worker
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role
from tests.support.smtp import SmtpServer

PREVIEW = """query($t: ID!, $c: ID!, $l: TemplateLanguage) {
  messageTemplatePreview(templateId: $t, contactId: $c, language: $l) { language subject body }
}"""
WITH_LAST_NAME = [
    {
        "language": "EN",
        "subject": "For {{ contact.firstName }}",
        "body": "Dear {{ contact.firstName }} {{ contact.lastName }}",
    }
]


@pytest.fixture
def settings_overrides(smtp_server: SmtpServer) -> dict[str, Any]:
    return {"smtp_url": smtp_server.url, "jobs_in_process": False}


async def marketing_without_last_names() -> str:
    """Marketing's template, except that contacts' lastName is not granted."""
    fields = {
        f.name: (WRITE if f.writable else READ)
        for f in CATALOGUE["contact"].fields.values()
        if f.name != "lastName"
    }
    permissions = {
        **MARKETING,
        "contact": from_fields(("create", "read", "update", "export"), "all", "own", fields),
    }
    role = await custom_role("Marketing without names", 30, permissions)
    return str(role.name)


async def test_a_template_cannot_read_a_field_its_sender_may_not_read(
    api: GraphQLClient,
) -> None:
    marketer = await signed_in(api, await marketing_without_last_names())
    ann = await person(marketer.user, "Ann", email_consent=True)
    template_id = await template(api, marketer.access_token, variants=WITH_LAST_NAME)

    error = await api.error(
        PREVIEW,
        {"t": template_id, "c": global_id("Contact", ann.pk)},
        token=marketer.access_token,
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["reason"] == "TEMPLATE_FIELD_NOT_AVAILABLE"
    assert "lastName" in error["message"] and "Doe" not in error["message"]


async def test_the_same_template_renders_for_a_sender_who_may_read_the_field(
    api: GraphQLClient,
) -> None:
    marketer = await signed_in(api, "marketing")
    ann = await person(marketer.user, "Ann", email_consent=True)
    template_id = await template(api, marketer.access_token, variants=WITH_LAST_NAME)

    data = await api.ok(
        PREVIEW,
        {"t": template_id, "c": global_id("Contact", ann.pk), "l": "EN"},
        token=marketer.access_token,
    )

    assert data["messageTemplatePreview"] == {
        "language": "EN",
        "subject": "For Ann",
        "body": "Dear Ann Doe",
    }


async def test_a_send_by_such_a_sender_fails_the_delivery_and_sends_nothing(
    api: GraphQLClient, settings: Settings, smtp_server: SmtpServer
) -> None:
    marketer = await signed_in(api, await marketing_without_last_names())
    ann = await person(marketer.user, "Ann", email_consent=True)
    template_id = await template(api, marketer.access_token, variants=WITH_LAST_NAME)
    campaign_id = await campaign_to(
        api, marketer.access_token, template_id, contactIds=[global_id("Contact", ann.pk)]
    )

    await api.ok(SEND, {"id": campaign_id}, token=marketer.access_token)
    await worker(settings).run_due()
    (delivery,) = await deliveries(api, marketer.access_token, campaign_id)

    assert smtp_server.inbox.messages == []
    assert delivery["state"] == "FAILED"
    assert "not available" in delivery["reason"] and "lastName" in delivery["reason"]


@pytest.mark.parametrize(
    "body",
    [
        "{{ contact.__class__.__mro__ }}",
        "{{ ''.__class__.__subclasses__() }}",
        "{% set x = contact.update({'firstName': 'Eve'}) %}{{ x }}",
    ],
)
async def test_templates_cannot_reach_into_python_objects(api: GraphQLClient, body: str) -> None:
    marketer = await signed_in(api, "marketing")
    ann = await person(marketer.user, "Ann")
    variants = [{"language": "EN", "subject": "Hi", "body": body}]
    template_id = await template(api, marketer.access_token, variants=variants)

    error = await api.error(
        PREVIEW, {"t": template_id, "c": global_id("Contact", ann.pk)}, token=marketer.access_token
    )

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["reason"] in {"TEMPLATE_FIELD_NOT_AVAILABLE", "TEMPLATE_INVALID"}


async def test_a_template_that_does_not_parse_is_refused_when_it_is_saved(
    api: GraphQLClient,
) -> None:
    marketer = await signed_in(api, "marketing")
    variants = [{"language": "EN", "subject": "Hi", "body": "Dear {{ contact.firstName "}]

    error = await api.error(
        TEMPLATE_CREATE,
        {"in": {"name": "Broken", "channel": "EMAIL", "variants": variants}},
        token=marketer.access_token,
    )

    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "variants.0.body",
        "reason": "TEMPLATE_INVALID",
    }
