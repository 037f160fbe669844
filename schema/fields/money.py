"""Root fields of money: the base currency, exchange rates and conversion."""

from __future__ import annotations

import strawberry

from resolvers import branding, exchange_rates
from resolvers.api.money import Money
from schema.types.connection import Connection
from schema.types.money import CompanyBranding, ExchangeRate

MONEY_QUERY = {
    "base_currency": strawberry.field(
        exchange_rates.base_currency,
        description="The company's base currency: reports and totals across documents are in it",
    ),
    "exchange_rates": strawberry.field(
        exchange_rates.exchange_rates,
        graphql_type=Connection[ExchangeRate],
        description="Dated exchange rates, quoted in the base currency, newest first",
    ),
    "money_convert": strawberry.field(
        exchange_rates.money_convert,
        graphql_type=Money,
        description="An amount in another currency (the base one by default) at the rates of a "
        "day (each currency's nearest rate dated on or before it), rounded half up to the "
        "target's minor units; BAD_USER_INPUT with reason NO_EXCHANGE_RATE when there is none",
    ),
}

MONEY_QUERY["company_branding"] = strawberry.field(
    branding.company_branding,
    graphql_type=CompanyBranding,
    description="The company's name, address, bank details, colour and logo on its documents",
)

MONEY_MUTATION = {
    "exchange_rate_set": strawberry.mutation(
        exchange_rates.exchange_rate_set, graphql_type=ExchangeRate
    ),
    "exchange_rates_import": strawberry.mutation(
        exchange_rates.exchange_rates_import,
        graphql_type=list[ExchangeRate],
        description="Import dated exchange rates from a CSV file or the ECB's XML feed: every "
        "row is checked first; any bad row (BAD_USER_INPUT, reason INVALID_ROWS, extensions.rows "
        "with each row's line and code) and nothing is written; otherwise all are set at once",
    ),
    "base_currency_set": strawberry.mutation(
        exchange_rates.base_currency_set,
        description="Choose the base currency; only before the first exchange rate is set",
    ),
    "company_branding_set": strawberry.mutation(
        branding.company_branding_set,
        graphql_type=CompanyBranding,
        description="Set the company's branding on documents (who may set exchange rates: "
        "Owner, Admin); a field left out is kept",
    ),
}
