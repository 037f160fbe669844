"""The ``campaign.send`` job: one run of a campaign, resumable after its worker dies.

1. Queue: the recipients (resolvers/campaign_audience.py, keyset pages, the sender's
   permissions of now) become delivery rows: queued with the address, or skipped with the reason
   (no address, no consent). Inserting is idempotent per campaign and contact, so an attempt
   after a crash queues only who is new.
2. Send: deliveries are claimed a page at a time (a conditional UPDATE with this attempt's
   lease token, models/campaign_deliveries.py claim); the contacts are read again, so consent is
   checked at the moment of sending; each message is rendered (the template compiled once per
   run), paced by the channel's rate, and sent, several at once over the channel's pooled
   connections; the page's rows are then marked sent or failed in bulk (one UPDATE per
   outcome). Between pages the
   campaign is read again: paused or cancelled, the run stops there (nothing stays claimed).
   Progress (renewing the lease) and the campaign's counts (its ``campaignUpdated`` event) are
   written once per page: the live counts are coalesced per page, not per message, and moved
   by the page's outcomes rather than counted again (counted in full after queueing and at
   the end).

A worker that is stopped (cancelled) marks what the server accepted before it stops; one that
is killed outright leaves its last page claimed and unmarked, and the next attempt (after the
lease) claims those rows again and sends them with the same Message-ID: a kill -9 can repeat
at most the messages of one page (PAGE) that the server had accepted (docs/architecture.md).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from jobs.context import Handler, JobContext, Permanent
from mail.campaign_config import CampaignConfig, Pacer
from mail.channels import EmailOut, SendFailed, SmsProvider, SmtpChannel
from mail.message_render import RenderFailed
from models import campaign_actions, campaign_deliveries, clock
from models.access.principals import principal_for_user
from models.access.records import RecordAccess
from models.campaign import (
    DELIVERED,
    FAILED,
    QUEUED,
    SKIPPED,
    Campaign,
    MessageTemplate,
)
from models.campaign_deliveries import Claimed
from models.contact import Contact
from models.errors import DomainError
from resolvers.campaign_audience import TemplateValues, recipient_pages
from resolvers.campaign_messages import Composer, unsubscribe_url

PAGE = 200
NO_CONSENT = "no consent"
NO_ADDRESS = "no address"
GONE = "contact no longer visible to the sender"


def address_of(contact: Contact, channel: str) -> str | None:
    return contact.email if channel == "email" else contact.phone


def refusal(contact: Contact, channel: str) -> str | None:
    """Why this contact may not get a message on this channel now, or None."""
    if not address_of(contact, channel):
        return NO_ADDRESS
    consent = contact.email_consent if channel == "email" else contact.sms_consent
    # Consent is opt-in: unknown (null) is not consent.
    return None if consent is True else NO_CONSENT


class Run:
    def __init__(
        self,
        ctx: JobContext,
        config: CampaignConfig,
        campaign: Campaign,
        template: MessageTemplate,
        contacts: RecordAccess,
        wait: Callable[[float], Awaitable[None]],
        now: Callable[[], float],
    ) -> None:
        self.ctx, self.config, self.campaign, self.template = ctx, config, campaign, template
        self.contacts = contacts
        self.values = TemplateValues(contacts)
        self.channel = campaign.channel
        self.token = ctx.job.lease_token or f"job:{ctx.job.pk}"
        self.pacer = Pacer(config.rate(self.channel), now, wait)
        self.composer = Composer(template)
        # Messages in flight at once: one per SMTP connection (SMS: as many HTTP requests).
        self.in_flight = asyncio.Semaphore(config.email_connections)
        self.email: SmtpChannel | None = None
        self.sms: SmsProvider | None = None

    async def queue(self) -> int:
        total = 0
        async for rows in recipient_pages(self.contacts, self.campaign, PAGE):
            entries = []
            for contact in rows:
                why = refusal(contact, self.channel)
                entries.append(
                    {
                        "contact_id": contact.pk,
                        "address": address_of(contact, self.channel),
                        "state": SKIPPED if why else QUEUED,
                        "reason": why,
                    }
                )
            await campaign_deliveries.queue(self.campaign, entries)
            total += len(rows)
        return total

    async def send_all(self, total: int) -> bool:
        """Send every queued delivery; False if the run was stopped (paused, cancelled)."""
        self.email, self.sms = self.config.email(), self.config.sms()
        try:
            return await self._pages(total)
        except BaseException:
            # Cancelled (the worker stops) or failed: drop the connection as a dead process
            # would; what was claimed and not marked is taken again by the next attempt.
            if self.email is not None:
                self.email.abort()
            raise
        finally:
            if self.email is not None:
                await self.email.close()
            if self.sms is not None:
                await self.sms.close()

    async def _pages(self, total: int) -> bool:
        done, after, run = 0, 0, int(self.ctx.payload["run"])
        while True:
            if not await campaign_actions.still_sending(self.campaign.pk, run):
                return False
            claimed = await campaign_deliveries.claim(self.campaign.pk, self.token, after, PAGE)
            if not claimed:
                return True
            after = claimed[-1].id
            await self._page(claimed)
            done += len(claimed)
            await self.ctx.progress(done, total)

    async def _page(self, claimed: list[Claimed]) -> None:
        """Send one claimed page, several messages in flight at once (as many as the channel
        has connections), and record how each went in bulk: one UPDATE per outcome, not one
        per message. Stopped midway (cancelled), what the server already accepted is still
        recorded before the stop goes on, so the next attempt does not send it again."""
        ids = [d.contact_id for d in claimed]
        fresh = {c.pk: c for c in await self.contacts.rows(Contact).filter(id__in=ids)}
        values = await self.values.for_page(list(fresh.values()))
        outcomes: dict[int, tuple[str, str | None]] = {}

        async def one(delivery: Claimed) -> None:
            contact = fresh.get(delivery.contact_id)
            outcomes[delivery.id] = await self._one(delivery.idempotency_key, contact, values)

        try:
            async with asyncio.TaskGroup() as group:
                for delivery in claimed:
                    group.create_task(one(delivery))
        except BaseException:
            await asyncio.shield(campaign_deliveries.mark_outcomes(self.token, outcomes))
            raise
        await campaign_deliveries.record_page(self.campaign.pk, self.token, outcomes)

    async def _one(
        self,
        key: str,
        contact: Contact | None,
        values: Mapping[int, Mapping[str, Any]],
    ) -> tuple[str, str | None]:
        if contact is None:
            return SKIPPED, GONE
        why = refusal(contact, self.channel)
        if why is not None:
            return SKIPPED, why
        address = address_of(contact, self.channel)
        assert address is not None
        link = unsubscribe_url(self.config, self.channel, self.campaign.pk, contact.pk)
        try:
            message = self.composer.compose(values[contact.pk], contact.language, link)
        except RenderFailed as exc:
            return FAILED, exc.message[:255]
        # A connection first, then the slot: a send waiting for a connection after its slot
        # came would go out late and bunch with the next, over the channel's rate.
        async with self.in_flight:
            await self.pacer.slot()
            try:
                if self.channel == "email":
                    if self.email is None:
                        return FAILED, "e-mail is not configured (TANDEM_SMTP_URL)"
                    sent_at = clock.now()
                    out = EmailOut(
                        address, message.subject, message.body, f"<{key}@tandem>", link, sent_at
                    )
                    await self.email.send(out)
                else:
                    if self.sms is None:
                        return FAILED, "SMS is not configured (TANDEM_SMS_URL)"
                    await self.sms.send(address, message.body, key)
            except SendFailed as exc:
                return FAILED, str(exc)[:255]
        return DELIVERED, None


def send_handler(
    config: CampaignConfig,
    wait: Callable[[float], Awaitable[None]] = asyncio.sleep,
    now: Callable[[], float] = time.monotonic,
) -> Handler:
    """The job's handler; ``wait`` and ``now`` pace the sends (tests inject a frozen clock)."""

    async def run_campaign(ctx: JobContext) -> Mapping[str, Any]:
        payload = ctx.payload
        campaign = await campaign_actions.begin(int(payload["campaign"]), int(payload["run"]))
        if campaign is None:
            return {"stopped": True}
        template = await MessageTemplate.get_or_none(pk=campaign.template_id)
        if template is None:
            raise Permanent("The campaign's template no longer exists")
        sender = ctx.job.created_by_id or campaign.created_by_id
        if sender is None:
            raise Permanent("Nobody to send as")
        try:
            principal = await principal_for_user(sender, None)
            contacts = RecordAccess.of_principal(principal, "contact")
            contacts.require("read")
        except DomainError as exc:
            raise Permanent(exc.message) from exc
        run = Run(ctx, config, campaign, template, contacts, wait, now)
        total = await run.queue()
        # Counted once here (the skipped rows, the queue); each page then moves its own.
        await campaign_deliveries.recount(campaign.pk)
        finished = await run.send_all(total)
        row = await campaign_deliveries.recount(campaign.pk, finished=finished)
        counts = {"sent": 0, "failed": 0, "skipped": 0}
        if row is not None:
            counts = {"sent": row.sent, "failed": row.failed, "skipped": row.skipped}
        return {"recipients": total, "stopped": not finished, **counts}

    return run_campaign
