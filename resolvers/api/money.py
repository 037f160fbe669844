"""Money: an amount with its ISO 4217 currency."""

from __future__ import annotations

from decimal import Decimal

import strawberry


@strawberry.type
class Money:
    amount: Decimal
    currency: str


@strawberry.input
class MoneyInput:
    amount: Decimal
    currency: str
