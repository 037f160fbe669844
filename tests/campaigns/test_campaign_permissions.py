"""Running campaigns is Marketing's (and Owner's, Admin's): every operation is refused to the
roles whose template does not grant it, before anything is written or sent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from models import clock as clock_module
from models.campaign import Campaign, MessageTemplate
from models.global_ids import global_id
from tests.campaigns.support import (
    CAMPAIGN,
    CAMPAIGN_CREATE,
    CANCEL,
    HELLO,
    PAUSE,
    SCHEDULE,
    SEND,
    TEMPLATE_CREATE,
    campaign_to,
    person,
    template,
)
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

DENIED = ("salesperson", "support", "read_only", "manager")
UPDATE = (
    """mutation($in: MessageTemplateUpdateInput!) { messageTemplateUpdate(input: $in) { id } }"""
)
TEST_SEND = """mutation($in: CampaignTestSendInput!) { campaignTestSend(input: $in) }"""
DELIVERIES = """query($id: ID!) { campaignDeliveries(campaignId: $id) { totalCount } }"""
TEMPLATES = "{ messageTemplates { edges { node { id } } } }"


async def arranged(api: GraphQLClient) -> dict[str, str]:
    marketer = await signed_in(api, "marketing")
    ann = await person(marketer.user, "Ann", email_consent=True)
    template_id = await template(api, marketer.access_token)
    contact = global_id("Contact", ann.pk)
    campaign_id = await campaign_to(api, marketer.access_token, template_id, contactIds=[contact])
    return {"template": template_id, "campaign": campaign_id, "contact": contact}


def operations(ids: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    at = (clock_module.now() + timedelta(days=1)).isoformat()
    return [
        (
            TEMPLATE_CREATE,
            {"in": {"name": "X", "channel": "EMAIL", "variants": [HELLO]}},
        ),
        (UPDATE, {"in": {"id": ids["template"], "name": "Renamed"}}),
        (
            CAMPAIGN_CREATE,
            {"in": {"name": "X", "templateId": ids["template"], "contactIds": [ids["contact"]]}},
        ),
        (
            TEST_SEND,
            {"in": {"id": ids["campaign"], "contactId": ids["contact"], "to": "me@acme.test"}},
        ),
        (SCHEDULE, {"in": {"id": ids["campaign"], "at": at}}),
        (SEND, {"id": ids["campaign"]}),
        (PAUSE, {"id": ids["campaign"]}),
        (CANCEL, {"id": ids["campaign"]}),
        (CAMPAIGN, {}),
        (DELIVERIES, {"id": ids["campaign"]}),
        (TEMPLATES, {}),
    ]


@pytest.mark.parametrize("role", DENIED)
async def test_roles_without_campaigns_are_refused_every_campaign_operation(
    api: GraphQLClient, role: str
) -> None:
    ids = await arranged(api)
    caller = await signed_in(api, role, email=f"{role}@acme.test")

    codes = []
    for document, variables in operations(ids):
        result = await api.execute(document, variables, token=caller.access_token)
        codes.append(result.codes)
    campaign = await Campaign.get()

    assert codes == [["FORBIDDEN"]] * len(codes)
    assert (campaign.state, campaign.runs) == ("draft", 0)
    assert await MessageTemplate.all().count() == 1
    assert (await MessageTemplate.get()).name == "News"


@pytest.mark.parametrize("role", ["marketing", "owner", "admin"])
async def test_marketing_owner_and_admin_may_run_campaigns(api: GraphQLClient, role: str) -> None:
    ids = await arranged(api)
    caller = await signed_in(api, role, email=f"{role}.runner@acme.test")

    sent = await api.ok(SEND, {"id": ids["campaign"]}, token=caller.access_token)

    assert sent["campaignSend"]["state"] == "sending"
