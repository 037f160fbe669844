"""Inputs, filters and orders for sales documents (quotes, orders). Header attributes are
named as the declaration's inputs (models/records/documents.py), so the write layer checks them
field by field; lines are their own input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import strawberry

from models.records import DECLARED
from resolvers.api.declared_inputs import list_inputs

if TYPE_CHECKING:
    QuoteFilter = Any
    QuoteOrder = Any
    OrderFilter = Any
    OrderOrder = Any
else:
    QuoteFilter, QuoteSortField, QuoteOrder = list_inputs(DECLARED["quote"])
    OrderFilter, OrderSortField, OrderOrder = list_inputs(DECLARED["order"])


@strawberry.input(description="One line of a document")
class DocumentLineInput:
    product_id: strawberry.ID
    quantity: Decimal
    unit_price: Decimal | None = strawberry.field(
        default=None,
        description="The product's price (converted to the document's currency at the rate of "
        "its date) when omitted",
    )
    discount: Decimal = strawberry.field(default=Decimal(0), description="Percent off, 0-100")
    tax_rate: Decimal = strawberry.field(default=Decimal(0), description="Percent, 0-100")


@strawberry.input(description="A quote from a deal (its line items copied) or from scratch")
class QuoteCreateInput:
    deal_id: strawberry.ID | None = strawberry.UNSET
    contact_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The deal's when omitted"
    )
    company_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The deal's when omitted"
    )
    currency: str | None = strawberry.field(
        default=strawberry.UNSET, description="The deal's (or EUR) when omitted"
    )
    issued_on: date | None = strawberry.field(default=strawberry.UNSET, description="Today")
    valid_until: date | None = strawberry.UNSET
    lines: list[DocumentLineInput] | None = strawberry.field(
        default=None, description="The deal's line items when omitted"
    )
    tax_rate: Decimal = strawberry.field(
        default=Decimal(0), description="Tax rate of the lines copied from the deal"
    )


@strawberry.input(description="Changing a sent quote makes its next revision, back to draft")
class QuoteUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    contact_id: strawberry.ID | None = strawberry.UNSET
    company_id: strawberry.ID | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    issued_on: date | None = strawberry.UNSET
    valid_until: date | None = strawberry.UNSET
    lines: list[DocumentLineInput] | None = strawberry.field(
        default=None, description="Replaces every line when given"
    )


@strawberry.input
class OrderCreateInput:
    deal_id: strawberry.ID | None = strawberry.UNSET
    contact_id: strawberry.ID | None = strawberry.UNSET
    company_id: strawberry.ID | None = strawberry.UNSET
    currency: str | None = strawberry.field(default=strawberry.UNSET, description="EUR")
    issued_on: date | None = strawberry.field(default=strawberry.UNSET, description="Today")
    lines: list[DocumentLineInput]
