"""Root fields of campaigns (issue 18): message templates, campaigns, their delivery log and
live counts."""

from __future__ import annotations

import strawberry

from resolvers import campaigns, message_templates
from schema.types.campaigns import Campaign, CampaignDelivery, MessagePreview, MessageTemplate
from schema.types.connection import Connection

CAMPAIGNS_QUERY = {
    "message_templates": strawberry.field(
        message_templates.message_templates,
        graphql_type=Connection[MessageTemplate],
        description="Message templates for campaigns",
    ),
    "message_template_preview": strawberry.field(
        message_templates.message_template_preview,
        graphql_type=MessagePreview,
        description="A template rendered for one contact you may see, with what you may read",
    ),
    "campaigns": strawberry.field(
        campaigns.campaigns,
        graphql_type=Connection[Campaign],
        description="E-mail and SMS campaigns",
    ),
    "campaign_deliveries": strawberry.field(
        campaigns.campaign_deliveries,
        graphql_type=Connection[CampaignDelivery],
        description="A campaign's delivery log: one row per recipient",
    ),
}

CAMPAIGNS_MUTATION = {
    "message_template_create": strawberry.mutation(
        message_templates.message_template_create, graphql_type=MessageTemplate
    ),
    "message_template_update": strawberry.mutation(
        message_templates.message_template_update, graphql_type=MessageTemplate
    ),
    "campaign_create": strawberry.mutation(campaigns.campaign_create, graphql_type=Campaign),
    "campaign_test_send": strawberry.mutation(
        campaigns.campaign_test_send,
        description="Send one contact's message to an address of yours, marked [Test]",
    ),
    "campaign_schedule": strawberry.mutation(
        campaigns.campaign_schedule,
        graphql_type=Campaign,
        description="Send at a time: fires once, whichever process's worker finds it due",
    ),
    "campaign_send": strawberry.mutation(
        campaigns.campaign_send,
        graphql_type=Campaign,
        description="Send now, or resume a paused campaign",
    ),
    "campaign_pause": strawberry.mutation(campaigns.campaign_pause, graphql_type=Campaign),
    "campaign_cancel": strawberry.mutation(campaigns.campaign_cancel, graphql_type=Campaign),
}

CAMPAIGNS_SUBSCRIPTION = {
    "campaign_updated": strawberry.subscription(
        campaigns.campaign_updated,
        graphql_type=Campaign,
        description="A campaign's state and delivery counts, live (coalesced per page sent)",
    ),
}
