"""campaigns, campaignDeliveries, campaignCreate, campaignTestSend, campaignSchedule,
campaignSend, campaignPause, campaignCancel, and the campaignUpdated subscription.

Running a campaign is an update of it (``campaign`` update: Marketing, Owner, Admin by
template). The send itself is the ``campaign.send`` job (resolvers/campaign_send.py): the
mutation commits the run and its job together and wakes a worker; the answer does not wait for
the messages. A test send renders one contact's message and sends it to an address the caller
gives, marked "[Test]", with no delivery row and no consent check (it does not go to the
contact).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry
from strawberry.types import Info

from mail.channels import EmailOut, SendFailed
from models import campaign_actions, clock
from models import values as cv
from models.campaign import CANCELLED, PAUSED, Campaign, CampaignDelivery, MessageTemplate
from models.contact import Contact
from models.errors import BadInput, NotFound
from models.events import Envelope
from models.global_ids import from_global_id
from models.i18n import msg
from models.job import Job
from models.segment import Segment
from models.tortoise_adapter import from_values
from realtime.errors import SubscriberTooSlow
from resolvers import list_specs, lists
from resolvers.api.campaign_inputs import (
    CampaignCreateInput,
    CampaignScheduleInput,
    CampaignTestSendInput,
    DeliveryState,
)
from resolvers.campaign_messages import compose, unsubscribe_url
from resolvers.context import RequestContext
from resolvers.message_templates import name_of, template_for, values_for
from resolvers.pages import Page, page_of
from resolvers.subscriptions import (
    ACCESS_OBJECTS,
    _close_too_slow,
    _cursor,
    _envelopes,
    refresh_access,
)

Ctx = Info[RequestContext, None]
MAX_CONTACTS = 10_000
DELIVERY_PAGE = 50
DELIVERY_MAX = 500


async def campaigns(
    info: Ctx, first: int | None = None, after: str | None = None
) -> Page[Campaign]:
    return await lists.page(
        list_specs.CAMPAIGNS,
        info.context.access(list_specs.CAMPAIGNS.obj),
        lists.PageArgs(first, after),
    )


async def _campaign(info: Ctx, id: str, op: str = "update") -> Campaign:
    access = info.context.access("campaign")
    access.require(op)
    row = await Campaign.get_or_none(pk=from_global_id(id, "Campaign"))
    if row is None:
        raise NotFound("No such campaign")
    return row


async def campaign_create(info: Ctx, input: CampaignCreateInput) -> Campaign:
    access = info.context.access("campaign")
    access.require("create")
    access.check_write(["name", "template", "segment", "contacts"])
    template = await template_for(info, input.template_id)
    values: dict[str, object] = {
        "name": name_of(input.name),
        "channel": template.channel,
        "template_id": template.pk,
    }
    if (input.segment_id is None) == (input.contact_ids is None):
        raise BadInput("Give a segment or a list of contacts, one of them", field="segmentId")
    if input.segment_id is not None:
        info.context.access("segment").require("read")
        pk = from_global_id(input.segment_id, "Segment", field="segmentId")
        if not await Segment.exists(pk=pk):
            raise NotFound("No such segment")
        values["segment_id"] = pk
    else:
        ids = [from_global_id(i, "Contact", field="contactIds") for i in input.contact_ids or []]
        if not ids or len(ids) > MAX_CONTACTS:
            raise BadInput(
                msg("Between 1 and {max_contacts} contacts", max_contacts=MAX_CONTACTS),
                field="contactIds",
            )
        # Only contacts the caller may see: a hidden one answers as a missing one.
        contacts = info.context.access("contact")
        visible = contacts.rows(Contact).filter(id__in=ids)
        seen = set(await visible.values_list("id", flat=True))
        if len(seen) != len(set(ids)):
            raise NotFound("No such contact")
        values["contact_ids"] = sorted(set(ids))
    return await campaign_actions.create_campaign(values, access.user_id)


async def _run(info: Ctx, id: str, at: datetime | None) -> Campaign:
    row = await _campaign(info, id)
    row, job_id = await campaign_actions.start_run(
        row.pk, info.context.access("campaign").user_id, at
    )
    queue = info.context.services.jobs
    job = await Job.get(pk=job_id)
    if queue is not None and at is None:
        # Wakes a worker (this process's in the embedded default); a scheduled run is found by
        # the workers' sweep when it is due.
        await queue.submit(job)
    return row


async def campaign_send(info: Ctx, id: strawberry.ID) -> Campaign:
    """Send now (a draft, a scheduled or a paused campaign); a paused one resumes where it
    stopped: recipients already sent or skipped are not sent again."""
    return await _run(info, id, None)


async def campaign_schedule(info: Ctx, input: CampaignScheduleInput) -> Campaign:
    at = input.at
    if at.tzinfo is None:
        raise BadInput("Give the time with its offset (e.g. 2026-05-01T09:00:00Z)", field="at")
    if at <= clock.now():
        raise BadInput("The time is in the past", field="at")
    return await _run(info, input.id, at)


async def campaign_pause(info: Ctx, id: strawberry.ID) -> Campaign:
    """Stop after the page being sent; campaignSend resumes it."""
    row = await _campaign(info, id)
    return await campaign_actions.set_state(
        row.pk, campaign_actions.CAN_PAUSE, PAUSED, "pause", info.context.access("campaign").user_id
    )


async def campaign_cancel(info: Ctx, id: strawberry.ID) -> Campaign:
    row = await _campaign(info, id)
    return await campaign_actions.set_state(
        row.pk,
        campaign_actions.CAN_CANCEL,
        CANCELLED,
        "cancel",
        info.context.access("campaign").user_id,
    )


async def campaign_test_send(info: Ctx, input: CampaignTestSendInput) -> bool:
    row = await _campaign(info, input.id)
    template_row = await MessageTemplate.get_or_none(pk=row.template_id)
    if template_row is None:
        raise NotFound("No such message template")
    config = info.context.services.campaigns
    to = cv.email(input.to, "to") if row.channel == "email" else cv.phone(input.to, "to")
    contact, values = await values_for(info, input.contact_id)
    link = unsubscribe_url(config, row.channel, row.pk, contact.pk)
    message = compose(template_row, values, contact.language, link)
    key = f"campaign:{row.pk}:test:{clock.now().timestamp()}"
    try:
        if row.channel == "email":
            channel = config.email()
            if channel is None:
                raise BadInput("E-mail is not configured on this server", field="id")
            try:
                await channel.send(
                    EmailOut(
                        to,
                        f"[Test] {message.subject}",
                        message.body,
                        f"<{key}@tandem>",
                        link,
                        clock.now(),
                    )
                )
            finally:
                await channel.close()
        else:
            provider = config.sms()
            if provider is None:
                raise BadInput("SMS is not configured on this server", field="id")
            try:
                await provider.send(to, message.body, key)
            finally:
                await provider.close()
    except SendFailed as exc:
        error = BadInput(msg("The test message was not sent: {exc}", exc=exc), field="to")
        error.extensions["reason"] = "SEND_FAILED"
        raise error from exc
    await campaign_actions.record_test_send(
        row.pk, info.context.access("campaign").user_id, contact.pk, to
    )
    return True


async def campaign_deliveries(
    info: Ctx,
    campaign_id: strawberry.ID,
    state: DeliveryState | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[CampaignDelivery]:
    """One campaign's delivery log, in the order recipients were queued."""
    row = await _campaign(info, campaign_id, "read")
    size = DELIVERY_PAGE if first is None else first
    if not 0 <= size <= DELIVERY_MAX:
        raise BadInput(
            msg("first is between 0 and {delivery_max}", delivery_max=DELIVERY_MAX), field="first"
        )
    matching = CampaignDelivery.filter(campaign_id=row.pk)
    if state is not None:
        matching = matching.filter(state=state.value)
    start = 0
    if after is not None:
        if not after.isdigit() or len(after) > 18:
            raise BadInput("Not a cursor of this list", field="after")
        start = int(after)
    rows = await matching.filter(id__gt=start).order_by("id").limit(size + 1) if size else []
    return page_of(rows, size, lambda row: str(row.id), after=after, count=matching.count)


def campaign_of(envelope: Envelope) -> Campaign:
    """The campaign as its event carries it (no query per delivery)."""
    return from_values(Campaign, envelope.values)


async def campaign_updated(
    info: Ctx, id: strawberry.ID | None = None, after: str | None = None
) -> AsyncGenerator[Campaign, None]:
    """A campaign's state and counts, live (one event per page sent, not per message)."""
    ctx = info.context
    ctx.access("campaign").require("read")
    wanted = from_global_id(id, "Campaign") if id is not None else None

    def accepts(envelope: Envelope) -> bool:
        if envelope.object != "campaign":
            return False
        if wanted is not None and envelope.values.get("id") != wanted:
            return False
        return ctx.access("campaign").can("read")

    try:
        async for envelope in _envelopes(ctx, accepts, _cursor(after)):
            if envelope.object in ACCESS_OBJECTS:
                await refresh_access(ctx, envelope)
                if not accepts(envelope):
                    continue
            row = campaign_of(envelope)
            row.cursor = str(envelope.seq)
            yield row
    except SubscriberTooSlow as slow:
        await _close_too_slow(ctx, str(slow))
        raise
