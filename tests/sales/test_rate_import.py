"""Exchange rates imported from a file (CSV, or the ECB's XML feed): every row checked first
with an error code per bad row and nothing written when any is bad; otherwise all rates set at
once, each with its audit entry and event; only roles that set rates may import them."""

from __future__ import annotations

from typing import Any

from models.audit import AuditEntry
from models.exchange import ExchangeRate
from models.outbox import OutboxEvent
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

IMPORT = """mutation($input: ExchangeRatesImportInput!) {
  exchangeRatesImport(input: $input) { currency rate validOn } }"""
CONVERT = """query($on: Date!) {
  moneyConvert(amount: "100", currency: "USD", on: $on) { amount currency } }"""
ECB = """<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
    xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube>
    <Cube time="2026-03-02">
      <Cube currency="USD" rate="1.25"/>
      <Cube currency="JPY" rate="160.00"/>
    </Cube>
    <Cube time="2026-03-03">
      <Cube currency="USD" rate="1.28"/>
    </Cube>
  </Cube>
</gesmes:Envelope>"""


def payload(content: str, fmt: str = "CSV") -> dict[str, Any]:
    return {"input": {"format": fmt, "content": content}}


async def test_a_csv_file_sets_every_dated_rate_with_audit_and_events(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    content = (
        "currency,rate,valid_on\nusd,0.9,2026-01-01\nUSD,0.8,2026-02-01\nGBP,1.17,2026-01-01\n"
    )

    data = await api.ok(IMPORT, payload(content), token=owner.access_token)
    converted = await api.ok(CONVERT, {"on": "2026-02-20"}, token=owner.access_token)

    assert data["exchangeRatesImport"] == [
        {"currency": "USD", "rate": "0.90000000", "validOn": "2026-01-01"},
        {"currency": "USD", "rate": "0.80000000", "validOn": "2026-02-01"},
        {"currency": "GBP", "rate": "1.17000000", "validOn": "2026-01-01"},
    ]
    assert converted["moneyConvert"] == {"amount": "80.00", "currency": "EUR"}
    actions = await AuditEntry.filter(object="exchangeRate").values_list("action", flat=True)
    assert sorted(actions) == ["exchangeRate.import", *["exchangeRate.set"] * 3]
    assert await OutboxEvent.filter(object="exchangeRate").count() == 3


async def test_the_ecb_feed_is_inverted_into_the_value_of_one_unit_in_euros(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")

    data = await api.ok(IMPORT, payload(ECB, "ECB"), token=owner.access_token)

    # 1 EUR = 1.25 USD: 1 USD = 0.8 EUR; 1 EUR = 160 JPY: 1 JPY = 0.00625 EUR.
    assert data["exchangeRatesImport"] == [
        {"currency": "USD", "rate": "0.80000000", "validOn": "2026-03-02"},
        {"currency": "JPY", "rate": "0.00625000", "validOn": "2026-03-02"},
        {"currency": "USD", "rate": "0.78125000", "validOn": "2026-03-03"},
    ]


async def test_bad_rows_are_listed_with_a_code_each_and_nothing_is_written(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    content = (
        "currency,rate,date\n"
        "USD,0.9,2026-01-01\n"  # good, but not written: another row is bad
        "XXY,1,2026-01-01\n"
        "GBP,-1,2026-01-01\n"
        "CHF,abc,2026-01-01\n"
        "SEK,0.1,2026-13-01\n"
        "EUR,1,2026-01-01\n"
        "NOK,,2026-01-01\n"
        "usd,0.95,2026-01-01\n"
        "JPY,0.000000001,2026-01-01\n"
    )

    error = await api.error(IMPORT, payload(content), token=owner.access_token)

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["reason"] == "INVALID_ROWS"
    assert error["extensions"]["invalidRows"] == 8
    assert [(r["line"], r["code"]) for r in error["extensions"]["rows"]] == [
        (3, "UNKNOWN_CURRENCY"),
        (4, "BAD_RATE"),
        (5, "BAD_RATE"),
        (6, "BAD_DATE"),
        (7, "BASE_CURRENCY"),
        (8, "MISSING_VALUE"),
        (9, "DUPLICATE"),
        (10, "BAD_RATE"),
    ]
    assert await ExchangeRate.all().count() == 0
    assert await AuditEntry.filter(object="exchangeRate").count() == 0


async def test_a_file_that_cannot_be_read_is_refused_with_its_reason(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    cases = [
        (payload("code,value\nUSD,1\n"), "BAD_HEADER"),
        (payload("currency,rate,valid_on\n"), "EMPTY"),
        (payload("<Cube><Cube time='2026-01-01'>", "ECB"), "BAD_XML"),
        (payload('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "ECB"), "BAD_XML"),
    ]

    reasons = [
        (await api.error(IMPORT, variables, token=owner.access_token))["extensions"]["reason"]
        for variables, _ in cases
    ]

    assert reasons == [reason for _, reason in cases]
    assert await ExchangeRate.all().count() == 0


async def test_the_ecb_feed_needs_the_euro_as_base_currency(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    await api.ok('mutation { baseCurrencySet(currency: "USD") }', token=owner.access_token)

    error = await api.error(IMPORT, payload(ECB, "ECB"), token=owner.access_token)

    assert error["extensions"]["reason"] == "BASE_NOT_EUR"
    assert await ExchangeRate.all().count() == 0


async def test_only_roles_that_set_rates_may_import_them(api: GraphQLClient) -> None:
    content = "currency,rate,valid_on\nUSD,0.9,2026-01-01\n"
    refused = []
    for role in ("manager", "salesperson", "read_only", "support", "marketing"):
        who = await signed_in(api, role, email=f"{role}@acme.test")
        refused.append((await api.execute(IMPORT, payload(content), token=who.access_token)).codes)
    senior = await signed_in(api, "senior_manager", email="senior@acme.test")

    allowed = await api.ok(IMPORT, payload(content), token=senior.access_token)

    assert refused == [["FORBIDDEN"]] * 5
    assert len(allowed["exchangeRatesImport"]) == 1
    assert await ExchangeRate.all().count() == 1
