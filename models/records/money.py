"""Money records: exchange rates (dated, quoted in the company's base currency)."""

from __future__ import annotations

from models import currencies
from models.exchange import ExchangeRate
from models.records.declaration import Field, RecordType

EXCHANGE_RATE = RecordType(
    "exchangeRate",
    "ExchangeRate",
    ExchangeRate,
    (
        Field(
            "currency",
            "currency",
            required=True,
            clearable=False,
            convert=currencies.iso_code,
            filter="eq",
            sort=True,
        ),
        # What one unit of the currency is worth in the base currency.
        Field("rate", "rate", "decimal", required=True, clearable=False),
        Field(
            "validOn", "valid_on", "date", required=True, clearable=False, filter="range", sort=True
        ),
    ),
    operations=("create", "read", "update"),
    owned=False,
    default_sort=(("validOn", "DESC"),),
)
