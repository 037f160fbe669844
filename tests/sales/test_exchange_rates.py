"""Exchange rates and rounding: dated rates set by hand, conversion at the nearest earlier
rate, rounding half up to each currency's minor units (JPY 0, EUR 2, KWD 3)."""

from __future__ import annotations

from typing import Any

import pytest

from models.audit import AuditEntry
from models.exchange import ExchangeRate
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

SET = """
mutation($input: ExchangeRateSetInput!) {
  exchangeRateSet(input: $input) { id currency rate validOn version }
}
"""
CONVERT = """
query($amount: Decimal!, $currency: String!, $on: Date!, $to: String) {
  moneyConvert(amount: $amount, currency: $currency, on: $on, to: $to) { amount currency }
}
"""
RATES = "{ exchangeRates { totalCount edges { node { currency rate validOn } } } }"


def rate(currency: str, value: str, on: str) -> dict[str, Any]:
    return {"input": {"currency": currency, "rate": value, "validOn": on}}


async def test_an_owner_sets_a_rate_and_it_is_listed(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    made = await api.ok(SET, rate("usd", "0.9", "2026-01-01"), token=owner.access_token)
    listed = await api.ok(RATES, token=owner.access_token)

    assert made["exchangeRateSet"]["currency"] == "USD"
    assert listed["exchangeRates"]["edges"][0]["node"] == {
        "currency": "USD",
        "rate": "0.90000000",
        "validOn": "2026-01-01",
    }


async def test_a_second_rate_on_the_same_day_corrects_the_first(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    await api.ok(SET, rate("USD", "0.9", "2026-01-01"), token=owner.access_token)

    again = await api.ok(SET, rate("USD", "0.95", "2026-01-01"), token=owner.access_token)

    assert again["exchangeRateSet"]["version"] == 2
    assert await ExchangeRate.all().count() == 1


async def test_conversion_uses_the_nearest_earlier_rate(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    await api.ok(SET, rate("USD", "0.5", "2026-01-01"), token=owner.access_token)
    await api.ok(SET, rate("USD", "0.8", "2026-02-01"), token=owner.access_token)
    await api.ok(SET, rate("USD", "0.9", "2026-03-01"), token=owner.access_token)

    data = await api.ok(
        CONVERT,
        {"amount": "100", "currency": "USD", "on": "2026-02-20"},
        token=owner.access_token,
    )

    assert data["moneyConvert"] == {"amount": "80.00", "currency": "EUR"}


@pytest.mark.parametrize(
    ("to", "to_rate", "amount", "expected"),
    [
        # 1 JPY = 0.0064 EUR: 9.648 EUR = 1507.5 JPY; yen have no decimals, half goes up.
        ("JPY", "0.0064", "9.648", "1508"),
        # 1 KWD = 2.5 EUR: 10.05 EUR = 4.02 KWD, shown with three decimals.
        ("KWD", "2.5", "10.05", "4.020"),
        # 1 USD = 0.8 EUR: 0.1 EUR = 0.125 USD, half a cent goes up.
        ("USD", "0.8", "0.1", "0.13"),
    ],
)
async def test_converted_amounts_round_half_up_to_the_target_minor_units(
    api: GraphQLClient, to: str, to_rate: str, amount: str, expected: str
) -> None:
    owner = await signed_in(api, "owner")
    await api.ok(SET, rate(to, to_rate, "2026-01-01"), token=owner.access_token)

    data = await api.ok(
        CONVERT,
        {"amount": amount, "currency": "EUR", "on": "2026-01-02", "to": to},
        token=owner.access_token,
    )

    assert data["moneyConvert"] == {"amount": expected, "currency": to}


async def test_euro_amounts_round_half_up_to_the_cent(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    data = await api.ok(
        CONVERT,
        {"amount": "0.125", "currency": "EUR", "on": "2026-01-02"},
        token=owner.access_token,
    )

    assert data["moneyConvert"] == {"amount": "0.13", "currency": "EUR"}


async def test_a_conversion_without_an_earlier_rate_is_refused_with_its_reason(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    await api.ok(SET, rate("USD", "0.9", "2026-03-01"), token=owner.access_token)

    error = await api.error(
        CONVERT, {"amount": "1", "currency": "USD", "on": "2026-02-28"}, token=owner.access_token
    )

    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "on",
        "reason": "NO_EXCHANGE_RATE",
    }


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (rate("XXY", "1", "2026-01-01"), "currency"),
        (rate("USD", "0", "2026-01-01"), "rate"),
        (rate("USD", "0.123456789", "2026-01-01"), "rate"),
        (rate("EUR", "1.1", "2026-01-01"), "currency"),
    ],
)
async def test_a_bad_rate_is_refused_before_anything_is_written(
    api: GraphQLClient, values: dict[str, Any], field: str
) -> None:
    owner = await signed_in(api, "owner")

    error = await api.error(SET, values, token=owner.access_token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert await ExchangeRate.all().count() == 0


async def test_a_salesperson_reads_rates_but_may_not_set_them(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")

    refused = await api.execute(SET, rate("USD", "0.9", "2026-01-01"), token=seller.access_token)
    listed = await api.execute(RATES, token=seller.access_token)

    assert refused.codes == ["FORBIDDEN"]
    assert listed.codes == []
    assert await ExchangeRate.all().count() == 0


async def test_a_support_agent_may_not_convert_or_read_the_base_currency(
    api: GraphQLClient,
) -> None:
    support = await signed_in(api, "support")

    converted = await api.execute(
        CONVERT, {"amount": "1", "currency": "EUR", "on": "2026-01-01"}, token=support.access_token
    )
    base = await api.execute("{ baseCurrency }", token=support.access_token)

    assert converted.codes == ["FORBIDDEN"]
    assert base.codes == ["FORBIDDEN"]


async def test_the_base_currency_is_chosen_before_the_first_rate(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    chosen = await api.ok('mutation { baseCurrencySet(currency: "usd") }', token=owner.access_token)
    await api.ok(SET, rate("EUR", "1.1", "2026-01-01"), token=owner.access_token)
    late = await api.error(
        'mutation { baseCurrencySet(currency: "GBP") }', token=owner.access_token
    )
    base = await api.ok("{ baseCurrency }", token=owner.access_token)

    assert chosen["baseCurrencySet"] == "USD"
    assert late["extensions"] == {"code": "BAD_USER_INPUT", "field": "currency"}
    assert base["baseCurrency"] == "USD"


async def test_a_manager_may_not_choose_the_base_currency(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")

    refused = await api.execute(
        'mutation { baseCurrencySet(currency: "USD") }', token=manager.access_token
    )

    assert refused.codes == ["FORBIDDEN"]


async def test_setting_a_rate_writes_its_audit_entry(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    await api.ok(SET, rate("USD", "0.9", "2026-01-01"), token=owner.access_token)

    entry = await AuditEntry.get(action="exchangeRate.set")
    assert entry.after == {"currency": "USD", "rate": "0.9", "validOn": "2026-01-01"}
