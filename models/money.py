"""Money arithmetic: rounding to a currency's minor units and conversion at dated rates.

Rounding is ``Decimal`` ``ROUND_HALF_UP`` (half a minor unit goes away from zero), the rule
customers and tax offices expect on invoices; banker's rounding (HALF_EVEN) would make 0.125 EUR
0.12 and surprise them. Amounts are rounded per line and per total, never in between, so a
total is the sum of rounded lines plus the tax rounded once per rate.

Conversion uses the rate of the document's date: the nearest rate dated on or before it. With
none, :class:`NoRate` (BAD_USER_INPUT with ``reason: NO_EXCHANGE_RATE``) names the currency.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from models import currencies
from models.errors import BadInput
from models.exchange import CompanySetting, ExchangeRate
from models.i18n import msg

BASE_CURRENCY_KEY = "base_currency"
# Without a stored setting; the catalogue's products and deals default to EUR as well.
DEFAULT_BASE_CURRENCY = "EUR"


class NoRate(BadInput):
    def __init__(self, currency: str, on: date, *, field: str | None = None) -> None:
        super().__init__(
            msg(
                "No exchange rate for {currency} dated on or before {on}",
                currency=currency,
                on=on,
            ),
            field=field,
        )
        self.extensions["reason"] = "NO_EXCHANGE_RATE"


def minor_units(currency: str) -> int:
    return currencies.minor_units(currency)


def quantum(currency: str) -> Decimal:
    """One minor unit of ``currency``: 1 for JPY, 0.01 for EUR, 0.001 for KWD."""
    return Decimal(1).scaleb(-currencies.minor_units(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    return Decimal(amount).quantize(quantum(currency), ROUND_HALF_UP)


async def base_currency() -> str:
    row = await CompanySetting.get_or_none(key=BASE_CURRENCY_KEY)
    return row.value if row is not None else DEFAULT_BASE_CURRENCY


async def rate_on(currency: str, on: date, base: str, *, field: str | None = None) -> Decimal:
    """What one unit of ``currency`` is worth in ``base`` on ``on``."""
    if currency == base:
        return Decimal(1)
    row = (
        await ExchangeRate.filter(currency=currency, valid_on__lte=on).order_by("-valid_on").first()
    )
    if row is None:
        raise NoRate(currency, on, field=field)
    return Decimal(row.rate)


async def convert(
    amount: Decimal, currency: str, to: str, on: date, *, field: str | None = None
) -> Decimal:
    """``amount`` of ``currency`` in ``to`` at the rates of ``on``, rounded to ``to``'s minor
    units (through the base currency, in which every rate is quoted)."""
    if currency == to:
        return round_money(amount, to)
    base = await base_currency()
    in_base = Decimal(amount) * await rate_on(currency, on, base, field=field)
    return round_money(in_base / await rate_on(to, on, base, field=field), to)
