"""Inputs, filters and orders for money records (exchange rates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
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


@strawberry.enum(description="How an exchange rate file is written")
class RateFileFormat(Enum):
    CSV = strawberry.enum_value(
        "csv",
        description="A header with currency, rate and valid_on, then one rate per row (one "
        "unit of the currency in the base currency)",
    )
    ECB = strawberry.enum_value(
        "ecb",
        description="The European Central Bank's XML feed (euros per unit inverted); needs EUR "
        "as the base currency",
    )


@strawberry.input(description="An exchange rate file: every row is checked, then all are set")
class ExchangeRatesImportInput:
    format: RateFileFormat
    content: str = strawberry.field(description="The file's text (at most 5 MiB)")
