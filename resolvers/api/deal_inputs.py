"""Inputs for deals. Unset attributes are left alone; an explicit null clears a value."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import strawberry

from models.records import DECLARED
from resolvers.api.declared_inputs import create_input, update_input


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


# Derived from the declaration (models/records/sales.py, resolvers/api/declared_inputs.py).
if TYPE_CHECKING:
    DealCreateInput = Any
    DealUpdateInput = Any
else:
    DealCreateInput = create_input(DECLARED["deal"], "DealCreateInput")
    DealUpdateInput = update_input(DECLARED["deal"], "DealUpdateInput")
