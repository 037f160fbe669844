"""Recording a payment or a refund against an issued invoice: several per invoice, partial
ones included; more than the balance is refused (reason OVERPAYMENT), a refund is at most what
was paid (reason OVER_REFUND). The invoice's ``paid`` and the payment land in one unit of work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from models import events
from models.audit import write_audit
from models.errors import BadInput, NotFound
from models.i18n import Amount, Message, msg
from models.invoices import INVOICE, PAYMENT, REFUND, Invoice, Payment
from models.money import round_money
from models.outbox import emit
from models.unit_of_work import unit_of_work


class PaymentRefused(BadInput):
    def __init__(self, message: str | Message, reason: str) -> None:
        super().__init__(message, field="amount")
        self.extensions["reason"] = reason


async def record_payment(
    invoice_id: int,
    kind: str,
    amount: Decimal,
    paid_on: date,
    reference: str,
    *,
    check: Callable[[Invoice], None],
    actor_id: int | None,
) -> Payment:
    if kind not in (PAYMENT, REFUND):
        raise BadInput("A payment is a payment or a refund", field="kind")
    if not amount.is_finite() or amount <= 0:
        raise BadInput("An amount is positive (a refund is a refund, not a minus)", field="amount")
    async with unit_of_work():
        invoice = await Invoice.select_for_update().get_or_none(pk=invoice_id, kind=INVOICE)
        if invoice is None:
            raise NotFound("No such invoice")
        check(invoice)
        if amount != round_money(amount, invoice.currency):
            raise BadInput(
                msg("Too many decimals for {currency}", currency=invoice.currency), field="amount"
            )
        if Decimal(invoice.credited) and kind == PAYMENT:
            raise PaymentRefused("This invoice is cancelled", "INVOICE_CANCELLED")
        if kind == PAYMENT and amount > invoice.balance:
            raise PaymentRefused(
                msg(
                    "More than the balance of {balance}",
                    balance=Amount(invoice.balance, invoice.currency),
                ),
                "OVERPAYMENT",
            )
        if kind == REFUND and amount > Decimal(invoice.paid):
            raise PaymentRefused("More than was paid", "OVER_REFUND")
        signed = amount if kind == PAYMENT else -amount
        row = await Payment.create(
            invoice_id=invoice_id,
            kind=kind,
            amount=signed,
            currency=invoice.currency,
            paid_on=paid_on,
            reference=reference,
            # A payment is seen by whoever sees its invoice (models/invoices.py Payment).
            owner_id=invoice.owner_id,
            department_id=invoice.department_id,
        )
        invoice.paid = Decimal(invoice.paid) + signed
        invoice.version += 1
        await invoice.save(update_fields=["paid", "version", "updated_at"])
        after = {"invoice": invoice_id, "kind": kind, "amount": str(signed), "paidOn": str(paid_on)}
        await write_audit(actor_id, f"payment.{kind}", "payment", row.pk, None, after)
        await emit(
            events.CREATED,
            "payment",
            row,
            changed=["amount", "kind", "paid_on"],
            topics=["payment", f"payment:{row.pk}", f"invoice:{invoice_id}"],
            actor_id=actor_id,
        )
        await emit(
            events.UPDATED,
            "invoice",
            invoice,
            changed=["paid", "balance", "status"],
            topics=["invoice", f"invoice:{invoice_id}"],
            actor_id=actor_id,
        )
    return row
