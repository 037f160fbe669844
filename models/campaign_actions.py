"""Campaign domain actions: templates, campaigns and their state, deliveries claimed in the DB.

Every state change is one unit of work with its audit entry and the campaign's outbox event
(object ``campaign``), which is how ``campaignUpdated`` hears it on every process. A send or a
schedule is a *run*: it enqueues the ``campaign.send`` job with the idempotency key
``campaign:<id>:run:<n>`` inside the same unit of work, so asking twice makes one job, and a
scheduled run is that job with ``run_at``: the job table's claim (a conditional UPDATE) is what
makes it fire once however many processes' workers sweep for it.

Deliveries (one row per recipient, claimed before sent) are models/campaign_deliveries.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from models import clock, job_actions
from models.audit import write_audit
from models.campaign import (
    CANCELLED,
    DRAFT,
    PAUSED,
    SCHEDULED,
    SENDING,
    Campaign,
    ConsentEvidence,
    MessageTemplate,
)
from models.contact import Contact
from models.errors import BadInput, Conflict, NotFound
from models.i18n import msg
from models.outbox import emit
from models.unit_of_work import unit_of_work

SEND_KIND = "campaign.send"
# Which states each operation starts from.
CAN_SEND = frozenset({DRAFT, SCHEDULED, PAUSED})
CAN_SCHEDULE = frozenset({DRAFT, PAUSED})
CAN_PAUSE = frozenset({SCHEDULED, SENDING})
CAN_RESUME = frozenset({PAUSED})
CAN_CANCEL = frozenset({DRAFT, SCHEDULED, SENDING, PAUSED})


def state_error(row: Campaign, action: str) -> BadInput:
    error = BadInput(
        msg("A {state} campaign cannot be {action}", state=row.state, action=action), field="id"
    )
    error.extensions["reason"] = "CAMPAIGN_STATE"
    return error


async def announce(row: Campaign, changed: Iterable[str], actor_id: int | None) -> None:
    await emit(
        "updated",
        "campaign",
        row,
        changed=changed,
        topics=["campaign", f"campaign:{row.pk}"],
        actor_id=actor_id,
    )


async def create_template(
    name: str, channel: str, variants: Mapping[str, Any], actor_id: int
) -> MessageTemplate:
    async with unit_of_work():
        row = await MessageTemplate.create(
            name=name, channel=channel, variants=dict(variants), created_by_id=actor_id
        )
        await write_audit(
            actor_id, "messageTemplate.create", "messageTemplate", row.pk, None, {"name": name}
        )
    return row


async def update_template(
    pk: int, changes: Mapping[str, Any], expected_version: int | None, actor_id: int
) -> MessageTemplate:
    async with unit_of_work():
        row = await MessageTemplate.select_for_update().get_or_none(pk=pk)
        if row is None:
            raise NotFound("No such message template")
        if expected_version is not None and row.version != expected_version:
            raise Conflict("Someone changed this template", current_version=row.version)
        before = {k: getattr(row, k) for k in changes}
        for key, value in changes.items():
            setattr(row, key, value)
        row.version += 1
        await row.save()
        await write_audit(
            actor_id, "messageTemplate.update", "messageTemplate", pk, before, dict(changes)
        )
    return row


async def create_campaign(values: Mapping[str, Any], actor_id: int) -> Campaign:
    async with unit_of_work():
        row = await Campaign.create(**values, state=DRAFT, created_by_id=actor_id)
        await write_audit(actor_id, "campaign.create", "campaign", row.pk, None, {"name": row.name})
        await emit(
            "created",
            "campaign",
            row,
            changed=("state",),
            topics=["campaign", f"campaign:{row.pk}"],
            actor_id=actor_id,
        )
    return row


async def _locked(pk: int) -> Campaign:
    row = await Campaign.select_for_update().get_or_none(pk=pk)
    if row is None:
        raise NotFound("No such campaign")
    return row


async def start_run(pk: int, actor_id: int, run_at: datetime | None) -> tuple[Campaign, int]:
    """Send now (``run_at`` None) or at ``run_at``: the campaign's next run and its job."""
    async with unit_of_work():
        row = await _locked(pk)
        allowed = CAN_SEND if run_at is None else CAN_SCHEDULE
        if row.state not in allowed:
            raise state_error(row, "sent" if run_at is None else "scheduled")
        # Sending a scheduled or paused campaign makes a new run: the old run's job (not yet
        # due, or stopped at a page boundary) finds the run moved on and ends.
        row.runs += 1
        row.state = SENDING if run_at is None else SCHEDULED
        row.scheduled_at = run_at
        row.version += 1
        await row.save()
        job = await job_actions.enqueue(
            SEND_KIND,
            {"campaign": row.pk, "run": row.runs},
            created_by_id=actor_id,
            idempotency_key=f"campaign:{row.pk}:run:{row.runs}",
            max_attempts=10,
            run_at=run_at,
        )
        await write_audit(
            actor_id,
            "campaign.schedule" if run_at else "campaign.send",
            "campaign",
            pk,
            None,
            {"run": row.runs, "at": run_at.isoformat() if run_at else None},
        )
        await announce(row, ("state", "scheduled_at"), actor_id)
    return row, job.pk


async def set_state(
    pk: int, allowed: frozenset[str], to: str, action: str, actor_id: int
) -> Campaign:
    async with unit_of_work():
        row = await _locked(pk)
        if row.state not in allowed:
            raise state_error(row, action)
        before = row.state
        row.state = to
        row.version += 1
        if to == CANCELLED:
            row.finished_at = clock.now()
        await row.save()
        await write_audit(
            actor_id, f"campaign.{action}", "campaign", pk, {"state": before}, {"state": to}
        )
        await announce(row, ("state",), actor_id)
    return row


async def record_test_send(pk: int, actor_id: int, contact_id: int, to: str) -> None:
    """A test message left the server with one contact's data in it: who sent it and where."""
    async with unit_of_work():
        after = {"contact": contact_id, "to": to}
        await write_audit(actor_id, "campaign.testSend", "campaign", pk, None, after)


async def begin(pk: int, run: int) -> Campaign | None:
    """The job's look at its campaign: None when this run is no longer the one to send
    (paused, cancelled, or a newer run took over); a scheduled run becomes sending."""
    async with unit_of_work():
        row = await Campaign.select_for_update().get_or_none(pk=pk)
        if row is None or row.runs != run or row.state not in (SCHEDULED, SENDING):
            return None
        if row.state == SCHEDULED:
            row.state = SENDING
            row.version += 1
            await row.save()
            await announce(row, ("state",), row.created_by_id)
    return row


async def still_sending(pk: int, run: int) -> bool:
    return await Campaign.filter(pk=pk, runs=run, state=SENDING).exists()


async def unsubscribe(
    campaign_id: int, contact_id: int, channel: str, ip: str | None, user_agent: str | None
) -> bool:
    """Withdraw the contact's consent for the channel, with the evidence; False if the
    contact is gone. Unsubscribing twice keeps the first time."""
    async with unit_of_work():
        contact = await Contact.select_for_update().get_or_none(pk=contact_id, deleted_at=None)
        if contact is None:
            return False
        now = clock.now()
        column = f"{channel}_consent"
        if getattr(contact, column) is not False:
            before = {column: getattr(contact, column)}
            setattr(contact, column, False)
            setattr(contact, f"{column}_at", now)
            setattr(contact, f"{column}_source", f"unsubscribe link, campaign {campaign_id}")
            contact.version += 1
            await contact.save()
            await ConsentEvidence.create(
                contact_id=contact_id,
                channel=channel,
                consent=False,
                campaign_id=campaign_id,
                ip=(ip or "")[:64] or None,
                user_agent=(user_agent or "")[:255] or None,
                created_at=now,
            )
            await write_audit(
                None, "contact.unsubscribe", "contact", contact_id, before, {column: False}
            )
            await emit(
                "updated",
                "contact",
                contact,
                changed=(column, f"{column}_at", f"{column}_source"),
                topics=["contact", f"contact:{contact_id}"],
                actor_id=None,
            )
    return True
