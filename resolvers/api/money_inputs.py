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


@strawberry.input(description="The company's branding on its documents; a field left out is kept")
class CompanyBrandingInput:
    name: str | None = strawberry.field(default=None, description="Company name (200 characters)")
    address: str | None = strawberry.field(
        default=None, description="Postal address, one line per line (500 characters)"
    )
    email: str | None = strawberry.field(default=None, description="Contact e-mail on documents")
    bank_details: str | None = strawberry.field(
        default=None, description="Bank details (IBAN, BIC...), one line per line (500 characters)"
    )
    colour: str | None = strawberry.field(
        default=None, description="Accent colour of headings and table heads, #rrggbb"
    )
    logo: str | None = strawberry.field(
        default=None,
        description="The logo as base64 of a PNG or JPEG file, at most 256 KiB; empty removes it",
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
