"""messageTemplates, messageTemplateCreate/Update, messageTemplatePreview.

A template's sources are checked (they parse, within size) before they are stored; what they may
insert is decided when they are rendered, with the sender's field permissions
(resolvers/campaign_audience.py): the preview renders for one contact the caller may see, so an
author learns at once that a field is not available to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import strawberry
from strawberry.types import Info

from mail.message_render import BODY_MAX, SUBJECT_MAX, Rendered, check_source
from models import campaign_actions
from models.campaign import MessageTemplate
from models.contact import Contact
from models.errors import BadInput, NotFound
from models.global_ids import from_global_id
from models.i18n import msg
from resolvers import list_specs, lists
from resolvers.api.campaign_inputs import (
    Channel,
    MessageTemplateCreateInput,
    MessageTemplateUpdateInput,
    TemplateLanguage,
    TemplateVariantInput,
)
from resolvers.campaign_audience import TemplateValues
from resolvers.campaign_messages import compose, variant_for
from resolvers.context import RequestContext
from resolvers.pages import Page

Ctx = Info[RequestContext, None]
SMS_MAX = 1600  # ten concatenated SMS parts


def name_of(value: str, field: str = "name") -> str:
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > 100:
        raise BadInput("A name is 1-100 characters", field=field)
    return cleaned


def variants_of(channel: str, given: list[TemplateVariantInput]) -> dict[str, dict[str, str]]:
    """The variants as stored, checked: one per language, at least one, each parsing."""
    if not given:
        raise BadInput("A template needs at least one language variant", field="variants")
    out: dict[str, dict[str, str]] = {}
    for i, variant in enumerate(given):
        where = f"variants.{i}"
        language = variant.language.value
        if language in out:
            raise BadInput(
                msg("Two variants in {language}", language=language), field=f"{where}.language"
            )
        body_max = BODY_MAX if channel == "email" else SMS_MAX
        if not variant.body.strip() or len(variant.body) > body_max:
            raise BadInput(
                msg("A body is 1-{body_max} characters", body_max=body_max), field=f"{where}.body"
            )
        if channel == "email" and (
            not variant.subject.strip() or len(variant.subject) > SUBJECT_MAX
        ):
            raise BadInput(
                msg("An e-mail subject is 1-{subject_max} characters", subject_max=SUBJECT_MAX),
                field=f"{where}.subject",
            )
        check_source(variant.subject, f"{where}.subject")
        check_source(variant.body, f"{where}.body")
        out[language] = {"subject": variant.subject, "body": variant.body}
    return out


async def message_templates(
    info: Ctx, first: int | None = None, after: str | None = None
) -> Page[MessageTemplate]:
    return await lists.page(
        list_specs.MESSAGE_TEMPLATES,
        info.context.access(list_specs.MESSAGE_TEMPLATES.obj),
        lists.PageArgs(first, after),
    )


async def message_template_create(info: Ctx, input: MessageTemplateCreateInput) -> MessageTemplate:
    access = info.context.access("messageTemplate")
    access.require("create")
    access.check_write(["name", "channel", "variants"])
    channel = input.channel.value
    variants = variants_of(channel, input.variants)
    return await campaign_actions.create_template(
        name_of(input.name), channel, variants, access.user_id
    )


async def message_template_update(info: Ctx, input: MessageTemplateUpdateInput) -> MessageTemplate:
    access = info.context.access("messageTemplate")
    access.require("update")
    pk = from_global_id(input.id, "MessageTemplate")
    row = await MessageTemplate.get_or_none(pk=pk)
    if row is None:
        raise NotFound("No such message template")
    changes: dict[str, Any] = {}
    if input.name is not None:
        access.check_write(["name"])
        changes["name"] = name_of(input.name)
    if input.variants is not None:
        access.check_write(["variants"])
        changes["variants"] = variants_of(row.channel, input.variants)
    return await campaign_actions.update_template(
        pk, changes, input.expected_version, access.user_id
    )


@dataclass(frozen=True, slots=True)
class MessagePreview:
    """A template rendered for one recipient (schema/types/campaigns.py shows it)."""

    language: TemplateLanguage
    subject: str | None
    body: str


async def template_for(info: Ctx, template_id: str, field: str = "templateId") -> MessageTemplate:
    info.context.access("messageTemplate").require("read")
    row = await MessageTemplate.get_or_none(
        pk=from_global_id(template_id, "MessageTemplate", field=field)
    )
    if row is None:
        raise NotFound("No such message template")
    return row


async def values_for(info: Ctx, contact_id: str) -> tuple[Contact, Mapping[str, Any]]:
    """One contact the caller may see, with the values a template may use for it."""
    contacts = info.context.access("contact")
    pk = from_global_id(contact_id, "Contact", field="contactId")
    contact = await contacts.rows(Contact).get_or_none(pk=pk)
    if contact is None:
        raise NotFound("No such contact")
    values = await TemplateValues(contacts).for_page([contact])
    return contact, values[contact.pk]


async def message_template_preview(
    info: Ctx,
    template_id: strawberry.ID,
    contact_id: strawberry.ID,
    language: TemplateLanguage | None = None,
) -> MessagePreview:
    """The template rendered for one contact you may see, in ``language`` or the contact's."""
    template = await template_for(info, template_id)
    contact, values = await values_for(info, contact_id)
    wanted = language.value if language is not None else contact.language
    if language is not None and wanted not in template.variants:
        raise BadInput(msg("The template has no {wanted} variant", wanted=wanted), field="language")
    rendered: Rendered = compose(template, values, wanted, None)
    chosen, _ = variant_for(template, wanted)
    return MessagePreview(
        language=TemplateLanguage(chosen),
        subject=rendered.subject if template.channel == Channel.EMAIL.value else None,
        body=rendered.body,
    )
