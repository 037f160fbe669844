"""Audit walk cases: exchange rates and the base currency."""

from __future__ import annotations

from typing import Any

from tests.hardening.audit_cases.registry import World, case


@case("exchangeRateSet")
async def _exchange_rate_set(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        'mutation { exchangeRateSet(input: {currency: "USD", rate: "0.9", validOn: "2026-01-01"})'
        " { id } }",
        {},
        "exchangeRate.",
    )


@case("baseCurrencySet")
async def _base_currency_set(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { baseCurrencySet(currency: "USD") }', {}, "company."
