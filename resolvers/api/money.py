"""Money: an amount with its ISO 4217 currency, and a count of deals with their totals per
currency (the dashboard's figures)."""

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


@strawberry.type
class Figure:
    count: int
    amounts: list[Money] | None = strawberry.field(
        description="Totals per currency; null when the viewer may not read deal amounts"
    )
