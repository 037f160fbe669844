"""Checking document line inputs against the catalogue (visible, active products; quantities,
percentages, prices in the document's currency) before anything is written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from strawberry.types import Info

from models import money
from models.document_totals import LineValues
from models.errors import BadInput
from models.global_ids import from_global_id
from models.i18n import msg
from models.product import Product as ProductModel
from resolvers.api.document_inputs import DocumentLineInput
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]
MAX_LINES = 500


def _percent(value: Decimal, where: str) -> Decimal:
    if not value.is_finite() or not 0 <= value <= 100 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise BadInput("A percentage is 0 to 100 with at most 2 decimals", field=where)
    return value


async def checked_lines(
    info: Ctx, items: list[DocumentLineInput], currency: str, on: date
) -> list[LineValues]:
    if len(items) > MAX_LINES:
        raise BadInput(msg("At most {max_lines} lines", max_lines=MAX_LINES), field="lines")
    access = info.context.access("product")
    lines = []
    for i, item in enumerate(items):
        where = f"lines.{i}"
        pk = from_global_id(item.product_id, "Product", field=f"{where}.productId")
        product = await info.context.loaders.of(ProductModel).load(pk)
        if not access.visible(product):
            raise BadInput("No such product", field=f"{where}.productId")
        if not product.active:
            raise BadInput("This product is no longer sold", field=f"{where}.productId")
        if not item.quantity.is_finite() or not 0 < item.quantity < 10**9:
            raise BadInput("Quantity must be positive", field=f"{where}.quantity")
        if item.quantity.as_tuple().exponent < -3:  # type: ignore[operator]
            raise BadInput("A quantity has at most 3 decimals", field=f"{where}.quantity")
        discount = _percent(item.discount, f"{where}.discount")
        tax_rate = _percent(item.tax_rate, f"{where}.taxRate")
        if item.unit_price is None:
            price = await money.convert(
                product.price, product.currency, currency, on, field=f"{where}.productId"
            )
        else:
            price = item.unit_price
            if not price.is_finite() or not 0 <= price < 10**12:
                raise BadInput("A price is 0 or more", field=f"{where}.unitPrice")
            if price != money.round_money(price, currency):
                raise BadInput(
                    msg(
                        "A {currency} price has at most {minor_units} decimals",
                        currency=currency,
                        minor_units=money.minor_units(currency),
                    ),
                    field=f"{where}.unitPrice",
                )
        cost = await money.convert(
            product.cost, product.currency, currency, on, field=f"{where}.productId"
        )
        lines.append(LineValues(pk, item.quantity, price, cost, discount, tax_rate))
    return lines
