"""Inputs, filters and orders for invoices and payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry

from models.records import DECLARED
from resolvers.api.declared_inputs import list_inputs

if TYPE_CHECKING:
    InvoiceFilter = Any
    InvoiceOrder = Any
    PaymentFilter = Any
    PaymentOrder = Any
else:
    InvoiceFilter, InvoiceSortField, InvoiceOrder = list_inputs(DECLARED["invoice"])
    PaymentFilter, PaymentSortField, PaymentOrder = list_inputs(DECLARED["payment"])


@strawberry.input(description="Issue an invoice from an order (its lines) or a deal (its items)")
class InvoiceIssueInput:
    order_id: strawberry.ID | None = None
    deal_id: strawberry.ID | None = None
    tax_rate: Decimal = strawberry.field(
        default=Decimal(0), description="Tax rate of the lines taken from a deal"
    )
    payment_terms_days: int = strawberry.field(
        default=30, description="Days from the issue date to the due date, 0 to 365"
    )


@strawberry.enum
class PaymentKind(Enum):
    PAYMENT = "payment"
    REFUND = "refund"


@strawberry.input(description="Money received for an invoice, or refunded")
class PaymentRecordInput:
    invoice_id: strawberry.ID
    amount: Decimal = strawberry.field(description="Positive, in the invoice's currency")
    paid_on: date
    kind: PaymentKind = PaymentKind.PAYMENT
    reference: str = ""
