"""Issuing an invoice (from an order or a deal), cancelling it with a credit note, and its
status. Each is one unit of work: the number, the invoice, its lines, the audit entry and the
event commit together, or none of them (and the number is not used up)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from models import clock, events
from models.audit import write_audit
from models.document_lines import apply_totals, audit_values, of_document, write_lines
from models.document_totals import LineValues
from models.errors import BadInput, NotFound
from models.invoices import CREDIT_NOTE, INVOICE, Invoice, InvoiceLine
from models.numbering import next_number
from models.outbox import emit
from models.unit_of_work import unit_of_work

INVOICE_SERIES, CREDIT_SERIES = "INV", "CN"
Check = Callable[[Invoice], None]


def status(row: Invoice, today: date | None = None) -> str:
    """open, partly_paid, paid, overdue (past due with a balance), cancelled; credit_note."""
    if row.kind == CREDIT_NOTE:
        return "credit_note"
    if Decimal(row.credited):
        return "cancelled"
    if row.balance <= 0:
        return "paid"
    if row.due_on < (today or clock.now().date()):
        return "overdue"
    return "partly_paid" if Decimal(row.paid) else "open"


def topics(row: Invoice) -> list[str]:
    return ["invoice", f"invoice:{row.pk}"]


async def _issue(
    values: dict[str, Any],
    lines: Sequence[LineValues],
    series: str,
    actor_id: int | None,
    check: Check,
) -> Invoice:
    today = clock.now().date()
    number = await next_number(series, today.year)
    row = Invoice(
        **values,
        series=series,
        year=today.year,
        number=number,
        code=f"{series}-{today.year}-{number:06d}",
        issued_on=today,
        due_on=today + timedelta(days=values.get("payment_terms_days", 0)),
    )
    apply_totals(row, lines)
    check(row)
    await row.save()
    after = audit_values(row) | {"code": row.code, "dueOn": row.due_on.isoformat()}
    after["lines"] = await write_lines(InvoiceLine, lines, row.currency, invoice_id=row.pk)
    action = "invoice.issue" if row.kind == INVOICE else "invoice.creditNote"
    await write_audit(actor_id, action, "invoice", row.pk, None, after)
    await emit(
        events.CREATED,
        "invoice",
        row,
        changed=["code", "total", "status", "lines"],
        topics=topics(row),
        actor_id=actor_id,
    )
    return row


async def issue_invoice(
    values: dict[str, Any], lines: Sequence[LineValues], *, check: Check, actor_id: int | None
) -> Invoice:
    if not lines:
        raise BadInput("An invoice has at least one line", field="lines")
    terms = values.get("payment_terms_days", 30)
    if not 0 <= terms <= 365:
        raise BadInput("Payment terms are 0 to 365 days", field="paymentTermsDays")
    async with unit_of_work():
        return await _issue({**values, "kind": INVOICE}, lines, INVOICE_SERIES, actor_id, check)


async def cancel_invoice(pk: int, *, check: Check, actor_id: int | None) -> Invoice:
    """Issue the credit note of invoice ``pk``: its lines negated, its own series; the
    invoice's balance drops by its total (what was paid stays paid, to be refunded)."""
    async with unit_of_work():
        invoice = await Invoice.select_for_update().get_or_none(pk=pk, kind=INVOICE)
        if invoice is None:
            raise NotFound("No such invoice")
        check(invoice)
        if Decimal(invoice.credited):
            raise BadInput("This invoice is already cancelled", field="id")
        lines = [
            LineValues(x.product_id, -x.quantity, x.unit_price, x.unit_cost, x.discount, x.tax_rate)
            for x in await of_document(InvoiceLine, invoice_id=pk)
        ]
        values = {
            column: getattr(invoice, column)
            for column in (
                "deal_id",
                "contact_id",
                "company_id",
                "currency",
                "owner_id",
                "department_id",
                "order_id",
            )
        }
        values |= {"kind": CREDIT_NOTE, "cancels_id": pk, "payment_terms_days": 0}
        note = await _issue(values, lines, CREDIT_SERIES, actor_id, lambda row: None)
        invoice.credited = -Decimal(note.total)
        invoice.version += 1
        await invoice.save(update_fields=["credited", "version", "updated_at"])
        await write_audit(
            actor_id, "invoice.cancel", "invoice", pk, None, {"creditNote": note.code}
        )
        await emit(
            events.UPDATED,
            "invoice",
            invoice,
            changed=["credited", "status", "balance"],
            topics=topics(invoice),
            actor_id=actor_id,
        )
    return note
