"""Inputs for deals. Unset attributes are left alone; an explicit null clears a value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON


@strawberry.input
class DealCreateInput:
    title: str
    stage_id: strawberry.ID
    amount: Decimal | None = UNSET
    cost: Decimal | None = UNSET
    currency: str | None = UNSET
    probability: int | None = UNSET
    expected_close: date | None = UNSET
    contact_id: strawberry.ID | None = UNSET
    company_id: strawberry.ID | None = UNSET
    tags: list[str] | None = UNSET
    custom: JSON | None = strawberry.field(
        default=UNSET, description="Custom values by key; null clears one"
    )
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET


@strawberry.input
class DealUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    title: str | None = UNSET
    stage_id: strawberry.ID | None = UNSET
    amount: Decimal | None = UNSET
    cost: Decimal | None = UNSET
    currency: str | None = UNSET
    probability: int | None = UNSET
    expected_close: date | None = UNSET
    contact_id: strawberry.ID | None = UNSET
    company_id: strawberry.ID | None = UNSET
    status: str | None = UNSET
    lost_reason: str | None = UNSET
    tags: list[str] | None = UNSET
    custom: JSON | None = strawberry.field(
        default=UNSET, description="Custom values by key; null clears one"
    )
    owner_id: strawberry.ID | None = UNSET
    department_id: strawberry.ID | None = UNSET


@strawberry.input(description="A new stage and a place in its column, in one step")
class DealMoveInput:
    id: strawberry.ID
    stage_id: strawberry.ID
    position: int = strawberry.field(
        description="Index in the target column among the deals the caller sees (0 = top)"
    )
    expected_version: int | None = None


@strawberry.input
class LineItemInput:
    product_id: strawberry.ID
    quantity: Decimal
    unit_price: Decimal | None = strawberry.field(
        default=None, description="The product's price when omitted"
    )
    discount: Decimal = strawberry.field(default=Decimal(0), description="Percent off, 0-100")


@strawberry.input(description="Replace a deal's line items; the amount becomes their total")
class DealLineItemsSetInput:
    id: strawberry.ID
    items: list[LineItemInput]
    expected_version: int | None = None
