"""Telling an invoice's owner, once, that it fell overdue.

An invoice falls overdue when its due date has passed with a balance left (models/
invoice_actions.py status: computed on the injected clock, never stored). The scheduler's round
(server/job_kinds.py, a job like the task reminders) calls :func:`notify_overdue`: each invoice
past its due date, neither paid nor cancelled, and not yet notified, is claimed with a
conditional UPDATE (``overdue_notified_at`` set where it is still null) and its owner notified
in the same transaction. Two rounds never both claim one (on PostgreSQL the candidates are also
locked with SKIP LOCKED), a crash before commit leaves it for the next round, and a notified
invoice is never notified again, even if a refund reopens it later.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tortoise.expressions import F, Q

from models import clock
from models.access.records import RecordAccess
from models.i18n import Message, msg
from models.invoices import INVOICE, Invoice
from models.notification import INVOICE_OVERDUE
from models.notifications import notify
from models.unit_of_work import unit_of_work

BATCH = 100


def _due(now: datetime) -> Q:
    # Past its due date (a day after it), with a balance (total > paid, nothing credited).
    return Q(
        kind=INVOICE,
        credited=0,
        due_on__lt=now.date(),
        total__gt=F("paid"),
        overdue_notified_at__isnull=True,
    )


def _text(invoice: Invoice) -> Callable[[RecordAccess], Message]:
    """Names the invoice by its number only to a recipient who may read it."""

    def text(access: RecordAccess) -> Message:
        if access.of("invoice").can_read("code"):
            return msg("Invoice {code} is overdue", code=invoice.code)
        return msg("An invoice of yours is overdue")

    return text


async def notify_overdue(now: datetime | None = None, *, batch: int = BATCH) -> int:
    """Notify the owner of every invoice overdue at ``now`` (default: the clock's); returns
    how many notifications were written."""
    now = now or clock.now()
    written = 0
    while True:
        seen, count = await _round(now, batch)
        written += count
        if seen < batch:
            return written


async def _round(now: datetime, batch: int) -> tuple[int, int]:
    due = _due(now)
    written = 0
    async with unit_of_work() as unit:
        conn = unit.connection
        candidates = (
            await Invoice.filter(due)
            .order_by("due_on", "id")
            .limit(batch)
            .select_for_update(skip_locked=True)
            .using_db(conn)
        )
        for invoice in candidates:
            # A bulk UPDATE, not Invoice.save: the issued invoice itself stays as it was.
            claimed = (
                await Invoice.filter(due, id=invoice.id)
                .using_db(conn)
                .update(overdue_notified_at=now)
            )
            if not claimed or invoice.owner_id is None:
                continue
            made = await notify(
                invoice.owner_id,
                INVOICE_OVERDUE,
                subject=invoice,
                text=_text(invoice),
                connection=conn,
            )
            written += made is not None
    return len(candidates), written
