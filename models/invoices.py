"""Invoices, credit notes, their lines, payments and the numbering counters.

An issued invoice is never edited or deleted: its lines and totals are written once, when it is
issued, and :meth:`Invoice.save` refuses any later change except the running figures payments
and cancellation keep (``paid``, ``credited``, ``version``). It is cancelled by a credit note: a
document of its own series with the invoice's lines negated, which restores the balance.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tortoise import fields

from models.base import Record
from models.documents import DocumentLine, SalesDocument
from models.errors import BadInput
from models.tortoise_adapter import is_saved

if TYPE_CHECKING:
    from models.department import Department
    from models.user import User

INVOICE, CREDIT_NOTE = "invoice", "credit_note"
KINDS = (INVOICE, CREDIT_NOTE)
PAYMENT, REFUND = "payment", "refund"
# What may change on an issued invoice: the running totals of payments and credit.
RUNNING = frozenset({"paid", "credited", "version", "updated_at", "overdue_notified_at"})


class InvoiceCounter(Record):
    # The last number given in a series and year; the issuing transaction takes the next one
    # with one UPDATE ... RETURNING, so numbers have no gap and no duplicate (models/numbering.py).
    series = fields.CharField(max_length=16)
    year = fields.IntField()
    last_number = fields.IntField(default=0)

    class Meta:
        table = "invoice_counter"
        app = "tandem"
        unique_together = (("series", "year"),)


class Invoice(SalesDocument):
    kind = fields.CharField(max_length=12, default=INVOICE)
    series = fields.CharField(max_length=16)
    year = fields.IntField()
    number = fields.IntField()
    # "INV-2026-000042": series, year and number, as printed.
    code = fields.CharField(max_length=40, unique=True)
    due_on = fields.DateField()
    payment_terms_days = fields.IntField(default=30)
    order: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "tandem.SalesOrder", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    order_id: int | None
    # A credit note names the invoice it cancels.
    cancels: fields.ForeignKeyNullableRelation[Invoice] = fields.ForeignKeyField(
        "tandem.Invoice", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    cancels_id: int | None
    # Sum of payments less refunds, and the total of the credit note that cancelled it.
    paid = fields.DecimalField(max_digits=16, decimal_places=3, default=0)
    credited = fields.DecimalField(max_digits=16, decimal_places=3, default=0)
    # When its owner was told it fell overdue (models/invoice_notices.py): once per invoice.
    overdue_notified_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invoice"
        app = "tandem"
        unique_together = (("series", "year", "number"),)
        indexes = (("contact_id",), ("company_id",), ("due_on",))

    @property
    def balance(self) -> Decimal:
        return Decimal(self.total) - Decimal(self.credited) - Decimal(self.paid)

    async def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if is_saved(self) and (update_fields is None or not RUNNING.issuperset(update_fields)):
            raise BadInput("An issued invoice is never changed; cancel it with a credit note")
        await super().save(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise BadInput("An issued invoice is never deleted; cancel it with a credit note")


class InvoiceLine(DocumentLine):
    invoice: fields.ForeignKeyRelation[Invoice] = fields.ForeignKeyField(
        "tandem.Invoice", related_name="lines", on_delete=fields.RESTRICT
    )
    invoice_id: int

    class Meta:
        table = "invoice_line"
        app = "tandem"


class Payment(Record):
    # A refund is stored as a negative amount (kind "refund"); the invoice's ``paid`` is the sum.
    # Owner and department are the invoice's, copied when it is recorded (an invoice never
    # changes them): a payment is in a role's row scope exactly when its invoice is.
    owner: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "tandem.Department", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    owner_id: int | None
    department_id: int | None
    invoice: fields.ForeignKeyRelation[Invoice] = fields.ForeignKeyField(
        "tandem.Invoice", related_name="payments", on_delete=fields.RESTRICT
    )
    invoice_id: int
    kind = fields.CharField(max_length=10, default=PAYMENT)
    amount = fields.DecimalField(max_digits=16, decimal_places=3)
    currency = fields.CharField(max_length=3)
    paid_on = fields.DateField()
    reference = fields.CharField(max_length=255, default="")

    class Meta:
        table = "payment"
        app = "tandem"
        indexes = (("invoice_id",),)
