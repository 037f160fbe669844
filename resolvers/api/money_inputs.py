"""Inputs, filters and orders for money records (exchange rates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import strawberry

from models.records import DECLARED
from resolvers.api.declared_inputs import list_inputs

if TYPE_CHECKING:
    ExchangeRateFilter = Any
    ExchangeRateOrder = Any
else:
    ExchangeRateFilter, ExchangeRateSortField, ExchangeRateOrder = list_inputs(
        DECLARED["exchangeRate"]
    )


@strawberry.input(description="A dated exchange rate, set by hand")
class ExchangeRateSetInput:
    currency: str = strawberry.field(description="ISO 4217 code of the foreign currency")
    rate: Decimal = strawberry.field(
        description="What one unit of the currency is worth in the base currency (up to 8 decimals)"
    )
    valid_on: date = strawberry.field(
        description="From this day on, until the currency's next dated rate; a second rate on "
        "the same day replaces the first"
    )
