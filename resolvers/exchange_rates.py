"""Exchange rates and the base currency: setting them (one, or a file of them), listing rates,
converting an amount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from strawberry.types import Info

from imports import rates as rates_file
from models import currencies, money
from models.exchange import ExchangeRate as ExchangeRateModel
from models.exchange_actions import checked_rate, set_base_currency, set_rate, set_rates
from models.records import DECLARED
from resolvers import lists
from resolvers.api.money import Money
from resolvers.api.money_inputs import (
    ExchangeRateFilter,
    ExchangeRateOrder,
    ExchangeRateSetInput,
    ExchangeRatesImportInput,
)
from resolvers.context import RequestContext
from resolvers.list_specs import declared_list
from resolvers.pages import Page

Ctx = Info[RequestContext, None]
EXCHANGE_RATES = declared_list(DECLARED["exchangeRate"])


async def exchange_rates(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: ExchangeRateFilter | None = None,
    order_by: list[ExchangeRateOrder] | None = None,
) -> Page[ExchangeRateModel]:
    return await lists.page(
        EXCHANGE_RATES,
        info.context.access(EXCHANGE_RATES.obj),
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def exchange_rate_set(info: Ctx, input: ExchangeRateSetInput) -> ExchangeRateModel:
    access = info.context.access("exchangeRate")
    # Setting a rate creates the day's rate or corrects it: both operations are needed.
    access.require("create")
    access.require("update")
    access.check_write(["currency", "rate", "validOn"])
    checked_rate(input.currency, input.rate)
    return await set_rate(input.currency, input.rate, input.valid_on, access.user_id)


async def exchange_rates_import(
    info: Ctx, input: ExchangeRatesImportInput
) -> list[ExchangeRateModel]:
    """Every row checked first (an error code per bad row, nothing written), then all rates
    set in one unit of work."""
    access = info.context.access("exchangeRate")
    access.require("create")
    access.require("update")
    access.check_write(["currency", "rate", "validOn"])
    fmt = input.format.name.lower()  # CSV -> "csv", ECB -> "ecb" (imports/rates.py FORMATS)
    rows = rates_file.read(input.content, fmt, await money.base_currency())
    return await set_rates(
        [(r.currency, r.rate, r.valid_on) for r in rows], f"api:{fmt}", access.user_id
    )


async def base_currency(info: Ctx) -> str:
    info.context.access("exchangeRate").require("read")
    return await money.base_currency()


async def base_currency_set(info: Ctx, currency: str) -> str:
    access = info.context.access("exchangeRate")
    access.require("update")
    return await set_base_currency(currency, access.user_id)


async def money_convert(
    info: Ctx, amount: Decimal, currency: str, on: date, to: str | None = None
) -> Money:
    """``amount`` of ``currency`` in ``to`` (the base currency when omitted) at the rates of
    ``on``, rounded to ``to``'s minor units."""
    info.context.access("exchangeRate").require("read")
    source = currencies.iso_code(currency)
    target = currencies.iso_code(to, "to") if to is not None else await money.base_currency()
    converted = await money.convert(amount, source, target, on, field="on")
    return Money(amount=converted, currency=target)
