"""Campaign domain actions: templates, campaigns and their state, deliveries claimed in the DB.

Every state change is one unit of work with its audit entry and the campaign's outbox event
(object ``campaign``), which is how ``campaignUpdated`` hears it on every process. A send or a
schedule is a *run*: it enqueues the ``campaign.send`` job with the idempotency key
``campaign:<id>:run:<n>`` inside the same unit of work, so asking twice makes one job, and a
scheduled run is that job with ``run_at``: the job table's claim (a conditional UPDATE) is what
makes it fire once however many processes' workers sweep for it.

Deliveries: the send job inserts one row per recipient (``queue``; unique per campaign and
contact, so a second pass inserts nothing twice), then claims queued rows (``claim``: a
conditional UPDATE to ``sending`` with the attempt's token) before it sends them, and marks a
page's rows ``sent`` or ``failed`` together after (``mark_outcomes``). A row claimed by an
attempt that died is taken again by the next attempt and sent with the same Message-ID (its
idempotency key): the window for a duplicate is what the server accepted of the page a worker
was killed in (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from tortoise.expressions import Q
from tortoise.functions import Count

from models import clock, job_actions
from models.audit import write_audit
from models.campaign import (
    CANCELLED,
    CLAIMED,
    DELIVERED,
    DRAFT,
    FAILED,
    PAUSED,
    QUEUED,
    SCHEDULED,
    SENDING,
    SENT,
    SKIPPED,
    Campaign,
    CampaignDelivery,
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


def delivery_key(campaign_id: int, contact_id: int) -> str:
    return f"campaign:{campaign_id}:contact:{contact_id}"


async def queue(campaign: Campaign, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert the deliveries of one page of recipients (contact_id, address, state, reason);
    those queued by an earlier pass are left as they are. Returns how many were new."""
    if not rows:
        return 0
    ids = [int(r["contact_id"]) for r in rows]
    known = set(
        await CampaignDelivery.filter(campaign_id=campaign.pk, contact_id__in=ids).values_list(
            "contact_id", flat=True
        )
    )
    now = clock.now()
    new = [
        CampaignDelivery(
            campaign_id=campaign.pk,
            contact_id=r["contact_id"],
            channel=campaign.channel,
            address=r.get("address"),
            state=r["state"],
            reason=r.get("reason"),
            idempotency_key=delivery_key(campaign.pk, int(r["contact_id"])),
            created_at=now,
            updated_at=now,
        )
        for r in rows
        if int(r["contact_id"]) not in known
    ]
    if new:
        async with unit_of_work():
            await CampaignDelivery.bulk_create(new)
    return len(new)


class Claimed(NamedTuple):
    """What sending a claimed delivery needs: three columns, not a model instance (a page of
    instances parsed three timestamps per row, for nothing; profiled)."""

    id: int
    contact_id: int
    idempotency_key: str


async def claim(campaign_id: int, token: str, after_id: int, limit: int) -> list[Claimed]:
    """Take the next ``limit`` deliveries after ``after_id`` that are queued, or claimed by an
    attempt other than this one (it died: its lease ran out before this attempt started)."""
    wanted = Q(state=QUEUED) | (Q(state=CLAIMED) & ~Q(claimed_by=token))
    # Two range reads of the (campaign, state, id) index rather than one read with the OR,
    # which the planner answers by walking every delivery of the campaign on each page.
    ids = sorted(
        [
            *await _next_ids(Q(state=QUEUED), campaign_id, after_id, limit),
            *await _next_ids(Q(state=CLAIMED) & ~Q(claimed_by=token), campaign_id, after_id, limit),
        ]
    )[:limit]
    if not ids:
        return []
    # Conditional: of two attempts reading the same ids, each row goes to one of them.
    await CampaignDelivery.filter(wanted, id__in=ids).update(
        state=CLAIMED, claimed_by=token, updated_at=clock.now()
    )
    rows: Any = (
        await CampaignDelivery.filter(id__in=ids, claimed_by=token, state=CLAIMED)
        .order_by("id")
        .values_list("id", "contact_id", "idempotency_key")
    )
    return [Claimed(int(pk), int(contact), str(key)) for pk, contact, key in rows]


async def _next_ids(which: Q, campaign_id: int, after_id: int, limit: int) -> list[int]:
    found: Any = (
        await CampaignDelivery.filter(which, campaign_id=campaign_id, id__gt=after_id)
        .order_by("id")
        .limit(limit)
        .values_list("id", flat=True)
    )
    return [int(pk) for pk in found]


async def mark(ids: Sequence[int], token: str, state: str, reason: str | None = None) -> None:
    """Mark claimed deliveries sent or failed (only while this attempt still holds them)."""
    if not ids:
        return
    now = clock.now()
    values: dict[str, Any] = {"state": state, "reason": reason, "updated_at": now}
    if state == DELIVERED:
        values["sent_at"] = now
    await CampaignDelivery.filter(id__in=list(ids), claimed_by=token, state=CLAIMED).update(
        **values
    )


async def mark_outcomes(token: str, outcomes: Mapping[int, tuple[str, str | None]]) -> None:
    """Record a page's outcomes (delivery id -> state, reason) in one transaction: one UPDATE
    per distinct outcome (all the sent rows together), not one per message."""
    groups: dict[tuple[str, str | None], list[int]] = {}
    for delivery_id, outcome in outcomes.items():
        groups.setdefault(outcome, []).append(delivery_id)
    if not groups:
        return
    async with unit_of_work():
        for (state, reason), ids in groups.items():
            await mark(ids, token, state, reason)


async def record_page(pk: int, token: str, outcomes: Mapping[int, tuple[str, str | None]]) -> None:
    """A sent page's outcomes and the campaign's counts moved by them, in one transaction
    (one commit per page, where marking and counting were two)."""
    async with unit_of_work():
        await mark_outcomes(token, outcomes)
        await count_page(pk, outcomes)


async def count_page(pk: int, outcomes: Mapping[int, tuple[str, str | None]]) -> None:
    """Move one page's outcomes out of the campaign's queued count into sent, failed and
    skipped, and announce it: the live counts per page without counting every delivery of the
    campaign again (at 100,000 recipients that count, per page, was most of a send's time).
    The run's last ``recount`` counts the rows and corrects any drift (a page a lost lease
    did not get to mark)."""
    moved = {state: 0 for state in (DELIVERED, FAILED, SKIPPED)}
    for state, _ in outcomes.values():
        moved[state] = moved.get(state, 0) + 1
    async with unit_of_work():
        row = await Campaign.select_for_update().get_or_none(pk=pk)
        if row is None:
            return
        row.queued = max(0, row.queued - sum(moved.values()))
        row.sent += moved[DELIVERED]
        row.failed += moved[FAILED]
        row.skipped += moved[SKIPPED]
        row.version += 1
        await row.save()
        await announce(row, ["queued", "sent", "failed", "skipped"], row.created_by_id)


async def recount(pk: int, *, finished: bool = False) -> Campaign | None:
    """Store the counts per state and announce them (one event per call: callers call it per
    page, which is how the live counts are coalesced)."""
    counts = dict.fromkeys((QUEUED, CLAIMED, DELIVERED, FAILED, SKIPPED), 0)
    for state, n in await _counts(pk):
        counts[state] = n
    async with unit_of_work():
        row = await Campaign.select_for_update().get_or_none(pk=pk)
        if row is None:
            return None
        row.queued = counts[QUEUED] + counts[CLAIMED]
        row.sent, row.failed, row.skipped = counts[DELIVERED], counts[FAILED], counts[SKIPPED]
        changed = ["queued", "sent", "failed", "skipped"]
        if finished and row.state == SENDING:
            row.state, row.finished_at = SENT, clock.now()
            changed += ["state", "finished_at"]
        row.version += 1
        await row.save()
        await announce(row, changed, row.created_by_id)
    return row


async def _counts(pk: int) -> list[tuple[str, int]]:
    rows = (
        await CampaignDelivery.filter(campaign_id=pk)
        .annotate(n=Count("id"))
        .group_by("state")
        .values_list("state", "n")
    )
    return [(str(s), int(n)) for s, n in rows]


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
