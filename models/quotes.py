"""Quotes (commercial offers): created from a deal or from scratch, changed, sent, accepted
(which creates the order) or rejected; each one unit of work with its audit entry and event.

Statuses: draft -> sent -> accepted | rejected. Revisions are kept simple: a quote starts at
revision 1; changing a quote that was sent makes the next revision and puts it back to draft
(it must be sent again before it can be accepted), so what a customer accepts is always the
last revision sent. An accepted or rejected quote is final. A quote past its validity date
cannot be sent or accepted (reason QUOTE_EXPIRED); it is shown as expired.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from models import clock, events
from models.audit import write_audit
from models.document_lines import apply_totals, audit_values, of_document, write_lines
from models.document_totals import LineValues
from models.documents import ACCEPTED, DRAFT, EXPIRED, REJECTED, SENT, Quote, QuoteLine, SalesOrder
from models.errors import BadInput, Conflict, NotFound
from models.i18n import Message, msg
from models.orders import create_order
from models.outbox import emit
from models.unit_of_work import unit_of_work

Check = Callable[[Quote], None]
# Which status each action moves a quote from.
MOVES = {SENT: (DRAFT,), ACCEPTED: (SENT,), REJECTED: (SENT,)}


class QuoteState(BadInput):
    def __init__(self, message: str | Message, reason: str) -> None:
        super().__init__(message, field="id")
        self.extensions["reason"] = reason


def topics(row: Quote) -> list[str]:
    extra = [f"deal:{row.deal_id}"] if row.deal_id else []
    return ["quote", f"quote:{row.pk}", *extra]


def expired(row: Quote) -> bool:
    return row.valid_until is not None and row.valid_until < clock.now().date()


def shown_status(row: Quote) -> str:
    """Draft and sent quotes past their validity date read as expired."""
    return EXPIRED if row.status in (DRAFT, SENT) and expired(row) else row.status


async def _event(kind: str, row: Quote, changed: Sequence[str], actor_id: int | None) -> None:
    await emit(kind, "quote", row, changed=changed, topics=topics(row), actor_id=actor_id)


async def create_quote(
    values: dict[str, Any], lines: Sequence[LineValues], *, check: Check, actor_id: int | None
) -> Quote:
    if not lines:
        raise BadInput("A quote has at least one line", field="lines")
    async with unit_of_work():
        row = Quote(**values)
        apply_totals(row, lines)
        check(row)
        await row.save()
        after = audit_values(row)
        after["lines"] = await write_lines(QuoteLine, lines, row.currency, quote_id=row.pk)
        await write_audit(actor_id, "quote.create", "quote", row.pk, None, after)
        await _event(events.CREATED, row, ["status", "total", "lines"], actor_id)
    return row


async def _locked(pk: int, expected_version: int | None, check: Check) -> Quote:
    row = await Quote.select_for_update().get_or_none(pk=pk, deleted_at__isnull=True)
    if row is None:
        raise NotFound("No such quote")
    check(row)
    if expected_version is not None and row.version != expected_version:
        raise Conflict("Someone changed this quote since you read it", current_version=row.version)
    return row


async def update_quote(
    pk: int,
    values: dict[str, Any],
    lines: Sequence[LineValues] | None,
    expected_version: int | None,
    *,
    check: Check,
    actor_id: int | None,
) -> Quote:
    if lines is not None and not lines:
        raise BadInput("A quote has at least one line", field="lines")
    async with unit_of_work():
        row = await _locked(pk, expected_version, check)
        if row.status not in (DRAFT, SENT):
            raise QuoteState(msg("A {status} quote is final", status=row.status), "QUOTE_FINAL")
        before = audit_values(row)
        for column, value in values.items():
            setattr(row, column, value)
        current = lines if lines is not None else await of_document(QuoteLine, quote_id=pk)
        apply_totals(row, current)
        changed = [*values, "net", "tax", "total", "cost", "tax_lines"]
        if row.status == SENT:
            # The customer has the sent revision: a change is the next one, to be sent again.
            row.revision += 1
            row.status = DRAFT
            changed += ["revision", "status"]
        row.version += 1
        check(row)
        await row.save()
        after = audit_values(row) | {"revision": row.revision}
        if lines is not None or "currency" in values:
            after["lines"] = await write_lines(QuoteLine, current, row.currency, quote_id=pk)
            changed.append("lines")
        await write_audit(actor_id, "quote.update", "quote", pk, before, after)
        await _event(events.UPDATED, row, changed, actor_id)
    return row


async def move_quote(
    pk: int,
    to: str,
    expected_version: int | None,
    *,
    check: Check,
    actor_id: int | None,
    order_check: Callable[[SalesOrder], None] | None = None,
) -> tuple[Quote, SalesOrder | None]:
    """Send, accept or reject; accepting creates the order in the same unit of work."""
    async with unit_of_work():
        row = await _locked(pk, expected_version, check)
        if row.status not in MOVES[to]:
            raise QuoteState(
                msg("A {status} quote cannot become {to}", status=row.status, to=to),
                f"QUOTE_{row.status.upper()}",
            )
        if to in (SENT, ACCEPTED) and expired(row):
            raise QuoteState("This quote is past its validity date", "QUOTE_EXPIRED")
        before = row.status
        row.status = to
        row.version += 1
        await row.save(update_fields=["status", "version", "updated_at"])
        await write_audit(actor_id, f"quote.{to}", "quote", pk, {"status": before}, {"status": to})
        await _event(events.UPDATED, row, ["status"], actor_id)
        order = None
        if to == ACCEPTED:
            order = await create_order(
                {
                    "quote_id": row.pk,
                    "deal_id": row.deal_id,
                    "contact_id": row.contact_id,
                    "company_id": row.company_id,
                    "currency": row.currency,
                    "issued_on": clock.now().date(),
                    "owner_id": row.owner_id,
                    "department_id": row.department_id,
                },
                await of_document(QuoteLine, quote_id=pk),
                check=order_check or (lambda order: None),
                actor_id=actor_id,
            )
    return row, order
