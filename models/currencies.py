"""ISO 4217 currencies, from Babel's CLDR data: which codes exist and their minor units.

One place for currency facts: input checks use :func:`iso_code`; money rounding can use
:func:`minor_units` (JPY has 0 decimals, EUR 2, KWD 3).
"""

from __future__ import annotations

from functools import cache

from babel.numbers import get_currency_precision, list_currencies

from models.errors import BadInput
from models.i18n import msg


@cache
def codes() -> frozenset[str]:
    return frozenset(list_currencies())


def iso_code(value: str, field: str = "currency") -> str:
    """The upper-case ISO 4217 code, or BAD_USER_INPUT naming ``field``."""
    code = value.strip().upper()
    if code not in codes():
        raise BadInput(
            msg("Currency is an ISO 4217 code (like EUR or USD), not {value!r}", value=value[:8]),
            field=field,
        )
    return code


def minor_units(code: str) -> int:
    return int(get_currency_precision(code))
