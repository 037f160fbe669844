"""One campaign message: the template's variant for the recipient's language, rendered with
what the sender may read, and (for e-mail) its signed unsubscribe link. Shared by the send job,
the test send and the preview, so all three show the same message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mail.campaign_config import CampaignConfig
from mail.message_render import Compiled, Rendered
from mail.unsubscribe_links import Unsubscribe, link
from models.campaign import LANGUAGES, MessageTemplate

DEFAULT_LANGUAGE = "en"


def variant_for(template: MessageTemplate, language: str | None) -> tuple[str, Mapping[str, str]]:
    """The recipient's language (its primary subtag: es-MX is es) if the template has it,
    else English, else the first variant it has."""
    variants: Mapping[str, Mapping[str, str]] = template.variants
    wanted = (language or "").split("-")[0].lower()
    for choice in (wanted, DEFAULT_LANGUAGE, *LANGUAGES):
        if choice in variants:
            return choice, variants[choice]
    raise KeyError("a template has at least one variant")


class Composer:
    """One template's messages, each language variant compiled the first time it is needed
    and kept: a send renders the same few sources for every recipient."""

    def __init__(self, template: MessageTemplate) -> None:
        self.template = template
        self._compiled: dict[str, Compiled] = {}

    def compose(
        self, values: Mapping[str, Any], language: str | None, unsubscribe: str | None
    ) -> Rendered:
        """The message for one recipient; raises RenderFailed (BadInput with a reason)."""
        chosen, variant = variant_for(self.template, language)
        compiled = self._compiled.get(chosen)
        if compiled is None:
            compiled = Compiled(variant.get("subject", ""), variant["body"])
            self._compiled[chosen] = compiled
        return with_link(compiled.render(values), unsubscribe)


def compose(
    template: MessageTemplate,
    values: Mapping[str, Any],
    language: str | None,
    unsubscribe: str | None,
) -> Rendered:
    """The message for one recipient (a preview, a test send); raises RenderFailed."""
    return Composer(template).compose(values, language, unsubscribe)


def with_link(rendered: Rendered, unsubscribe: str | None) -> Rendered:
    if unsubscribe is None:
        return rendered
    # The link in the body too: the headers serve mail clients, the body serves people.
    return Rendered(rendered.subject, f"{rendered.body.rstrip()}\n\nUnsubscribe: {unsubscribe}\n")


def unsubscribe_url(
    config: CampaignConfig, channel: str, campaign_id: int, contact_id: int
) -> str | None:
    if channel != "email":
        return None
    return link(config.public_url, config.secret, Unsubscribe(campaign_id, contact_id, "email"))
