"""Dates, numbers, percentages and money formatted for a customer language with Babel (CLDR):
``1,234.50 €`` is ``€1,234.50`` in English, ``1.234,50 €`` in Spanish, ``1 234,50 €`` in French.
Money keeps its currency's minor units (JPY none, KWD three)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from models.money import minor_units


@dataclass(frozen=True, slots=True)
class Formatter:
    language: str
    currency: str

    def money(self, amount: Decimal) -> str:
        return format_currency(amount, self.currency, locale=self.language)

    def date(self, day: date | None) -> str:
        return "" if day is None else format_date(day, format="long", locale=self.language)

    def quantity(self, value: Decimal) -> str:
        return format_decimal(value.normalize(), format="#,##0.###", locale=self.language)

    def percent(self, value: Decimal) -> str:
        return format_decimal(value, format="#,##0.##", locale=self.language) + " %"

    @property
    def decimals(self) -> int:
        return minor_units(self.currency)
