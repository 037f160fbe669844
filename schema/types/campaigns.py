"""Message templates, campaigns, their delivery log and a template's preview."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from models.campaign import Campaign as CampaignModel
from models.campaign import CampaignDelivery as DeliveryModel
from models.campaign import MessageTemplate as TemplateModel
from models.global_ids import global_id
from models.segment import Segment as SegmentModel
from models.user import User as UserModel
from resolvers import records
from resolvers.api.campaign_inputs import Channel, DeliveryState, TemplateLanguage
from resolvers.context import RequestContext
from resolvers.message_templates import MessagePreview as PreviewRow
from schema.permission import record_type
from schema.types.node import Node
from schema.types.segments import Segment

if TYPE_CHECKING:
    from schema.types.accounts import User

Ctx = Info[RequestContext, None]
UserRef = Annotated["User", strawberry.lazy("schema.types.accounts")]


async def _user(info: Ctx, pk: int | None) -> Any:
    # Users outside the caller's directory show as null.
    if pk is None:
        return None
    row = await info.context.loaders.of(UserModel).load(pk)
    return row if info.context.access("user").visible(row) else None


@strawberry.type(description="One language's subject and body")
class TemplateVariant:
    language: TemplateLanguage
    subject: str
    body: str


@record_type("messageTemplate", TemplateModel)
class MessageTemplate(Node):
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="Subject and body per language (Jinja2 sources)")
    def variants(self, root: strawberry.Parent[TemplateModel]) -> list[TemplateVariant]:
        return [
            TemplateVariant(
                language=TemplateLanguage(language),
                subject=variant.get("subject", ""),
                body=variant["body"],
            )
            for language, variant in sorted(root.variants.items())
        ]

    @strawberry.field
    async def created_by(self, root: strawberry.Parent[TemplateModel], info: Ctx) -> UserRef | None:
        return await _user(info, root.created_by_id)


@record_type("campaign", CampaignModel, relations=("cursor",))
class Campaign(Node):
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="On a campaignUpdated delivery: pass back as `after`")
    def cursor(self, root: strawberry.Parent[CampaignModel]) -> str | None:
        found: Any = getattr(root, "cursor", None)
        return found if isinstance(found, str) else None

    @strawberry.field
    async def template(
        self, root: strawberry.Parent[CampaignModel], info: Ctx
    ) -> MessageTemplate | None:
        if not info.context.access("messageTemplate").can("read"):
            return None
        row: Any = await TemplateModel.get_or_none(pk=root.template_id)
        return row

    @strawberry.field(description="The segment it goes to (when not hand-picked)")
    async def segment(self, root: strawberry.Parent[CampaignModel], info: Ctx) -> Segment | None:
        if root.segment_id is None or not info.context.access("segment").can("read"):
            return None
        row: Any = await SegmentModel.get_or_none(pk=root.segment_id)
        return row

    @strawberry.field(description="Hand-picked contact ids (when not a segment)")
    def contacts(self, root: strawberry.Parent[CampaignModel]) -> list[strawberry.ID] | None:
        if root.contact_ids is None:
            return None
        return [strawberry.ID(global_id("Contact", pk)) for pk in root.contact_ids]

    @strawberry.field
    async def created_by(self, root: strawberry.Parent[CampaignModel], info: Ctx) -> UserRef | None:
        return await _user(info, root.created_by_id)


@strawberry.type(description="What happened to one recipient's message")
class CampaignDelivery:
    @strawberry.field
    def contact_id(self, root: strawberry.Parent[DeliveryModel]) -> strawberry.ID:
        return strawberry.ID(global_id("Contact", root.contact_id))

    @strawberry.field
    def channel(self, root: strawberry.Parent[DeliveryModel]) -> Channel:
        return Channel(root.channel)

    @strawberry.field(description="The e-mail address or phone number used")
    def address(self, root: strawberry.Parent[DeliveryModel]) -> str | None:
        return root.address

    @strawberry.field
    def state(self, root: strawberry.Parent[DeliveryModel]) -> DeliveryState:
        return DeliveryState(root.state)

    @strawberry.field(description="Why it failed or was skipped")
    def reason(self, root: strawberry.Parent[DeliveryModel]) -> str | None:
        return root.reason

    @strawberry.field
    def sent_at(self, root: strawberry.Parent[DeliveryModel]) -> datetime | None:
        return root.sent_at

    @strawberry.field
    def updated_at(self, root: strawberry.Parent[DeliveryModel]) -> datetime:
        return root.updated_at


@strawberry.type(description="A template rendered for one recipient")
class MessagePreview:
    @strawberry.field
    def language(self, root: strawberry.Parent[PreviewRow]) -> TemplateLanguage:
        return root.language

    @strawberry.field(description="Null for SMS")
    def subject(self, root: strawberry.Parent[PreviewRow]) -> str | None:
        return root.subject

    @strawberry.field
    def body(self, root: strawberry.Parent[PreviewRow]) -> str:
        return root.body


records.register("MessageTemplate", "messageTemplate", TemplateModel)
records.register("Campaign", "campaign", CampaignModel)
