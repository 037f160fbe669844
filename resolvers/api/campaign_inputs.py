"""Inputs of message templates and campaigns (issue 18)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry


@strawberry.enum(description="How a campaign reaches its recipients")
class Channel(Enum):
    EMAIL = "email"
    SMS = "sms"


@strawberry.enum(description="Languages a template has variants in")
class TemplateLanguage(Enum):
    EN = "en"
    ES = "es"
    FR = "fr"


@strawberry.enum(description="What happened to one recipient's message")
class DeliveryState(Enum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


@strawberry.input(description="One language's subject and body (Jinja2, sandboxed)")
class TemplateVariantInput:
    language: TemplateLanguage
    subject: str = strawberry.field(
        default="",
        description="E-mail subject; ignored for SMS. E.g. Hello {{ contact.firstName }}",
    )
    body: str = strawberry.field(
        description="Text with {{ contact.<field> }}, {{ company.<field> }}, {{ owner.<field> }}"
        " among the fields you may read"
    )


@strawberry.input
class MessageTemplateCreateInput:
    name: str
    channel: Channel
    variants: list[TemplateVariantInput]


@strawberry.input
class MessageTemplateUpdateInput:
    id: strawberry.ID
    name: str | None = None
    variants: list[TemplateVariantInput] | None = strawberry.field(
        default=None, description="Replaces every variant"
    )
    expected_version: int | None = None


@strawberry.input(description="A campaign to a segment or to hand-picked contacts (one of them)")
class CampaignCreateInput:
    name: str
    template_id: strawberry.ID
    segment_id: strawberry.ID | None = None
    contact_ids: list[strawberry.ID] | None = None


@strawberry.input(description="Send one recipient's message to an address of yours")
class CampaignTestSendInput:
    id: strawberry.ID
    contact_id: strawberry.ID = strawberry.field(description="Whose values the message uses")
    to: str = strawberry.field(description="E-mail address or phone number it goes to")


@strawberry.input
class CampaignScheduleInput:
    id: strawberry.ID
    at: datetime = strawberry.field(description="When to send (in the future)")
