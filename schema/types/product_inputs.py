"""Inputs for products. Unset attributes are left alone."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry import UNSET


@strawberry.input
class ProductCreateInput:
    sku: str
    name: str
    price: Decimal | None = UNSET
    cost: Decimal | None = UNSET
    currency: str | None = UNSET
    active: bool | None = UNSET


@strawberry.input
class ProductUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    sku: str | None = UNSET
    name: str | None = UNSET
    price: Decimal | None = UNSET
    cost: Decimal | None = UNSET
    currency: str | None = UNSET
    active: bool | None = UNSET
