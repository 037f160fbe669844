"""Campaign deliveries: one row per recipient, claimed in the database before it is sent.

The send job inserts one row per recipient (``queue``; unique per campaign and contact, so a
second pass inserts nothing twice), then claims queued rows (``claim``: a conditional UPDATE to
``sending`` with the attempt's token) before it sends them, and records a page's outcomes and
the campaign's moved counts together after (``record_page``). A row claimed by an attempt that
died is taken again by the next attempt and sent with the same Message-ID (its idempotency
key): the window for a duplicate is what the server accepted of the page a worker was killed
in (docs/architecture.md). Split from models/campaign_actions.py (the campaign's states).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from tortoise.expressions import Q
from tortoise.functions import Count

from models import clock
from models.campaign import (
    CLAIMED,
    DELIVERED,
    FAILED,
    QUEUED,
    SENDING,
    SENT,
    SKIPPED,
    Campaign,
    CampaignDelivery,
)
from models.campaign_actions import announce
from models.unit_of_work import unit_of_work


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
