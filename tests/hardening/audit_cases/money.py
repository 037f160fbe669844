"""Audit walk cases: exchange rates, the base currency, quotes, orders, invoices, payments."""

from __future__ import annotations

from typing import Any

from models.product import Product
from tests.hardening.audit_cases.registry import World, case
from tests.support import crm


@case("exchangeRateSet")
async def _exchange_rate_set(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        'mutation { exchangeRateSet(input: {currency: "USD", rate: "0.9", validOn: "2026-01-01"})'
        " { id } }",
        {},
        "exchangeRate.",
    )


@case("exchangeRatesImport")
async def _exchange_rates_import(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        "mutation($c: String!) { exchangeRatesImport(input: {format: CSV, content: $c}) { id } }",
        {"c": "currency,rate,valid_on\nUSD,0.9,2026-01-01\n"},
        "exchangeRate.import",
    )


@case("baseCurrencySet")
async def _base_currency_set(w: World) -> tuple[str, dict[str, Any], str]:
    return 'mutation { baseCurrencySet(currency: "USD") }', {}, "company."


async def _product(w: World) -> str:
    return crm.gid(await Product.create(sku="AW-1", name="Widget", price=10, cost=4))


async def _quote(w: World, *, sent: bool) -> str:
    made = await w.ok(
        'mutation($p: ID!) { quoteCreate(input: {lines: [{productId: $p, quantity: "1"}]}) '
        "{ id } }",
        {"p": await _product(w)},
    )
    qid = str(made["quoteCreate"]["id"])
    if sent:
        await w.ok("mutation($id: ID!) { quoteSend(id: $id) { id } }", {"id": qid})
    return qid


@case("quoteCreate")
async def _quote_create(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        'mutation($p: ID!) { quoteCreate(input: {lines: [{productId: $p, quantity: "1"}]}) '
        "{ id } }",
        {"p": await _product(w)},
        "quote.",
    )


@case("quoteUpdate")
async def _quote_update(w: World) -> tuple[str, dict[str, Any], str]:
    qid = await _quote(w, sent=False)
    return (
        'mutation($id: ID!) { quoteUpdate(input: {id: $id, validUntil: "2099-01-01"}) { id } }',
        {"id": qid},
        "quote.",
    )


@case("quoteSend")
async def _quote_send(w: World) -> tuple[str, dict[str, Any], str]:
    qid = await _quote(w, sent=False)
    return "mutation($id: ID!) { quoteSend(id: $id) { id } }", {"id": qid}, "quote."


@case("quoteAccept")
async def _quote_accept(w: World) -> tuple[str, dict[str, Any], str]:
    qid = await _quote(w, sent=True)
    return "mutation($id: ID!) { quoteAccept(id: $id) { id } }", {"id": qid}, "quote."


@case("quoteReject")
async def _quote_reject(w: World) -> tuple[str, dict[str, Any], str]:
    qid = await _quote(w, sent=True)
    return "mutation($id: ID!) { quoteReject(id: $id) { id } }", {"id": qid}, "quote."


@case("orderCreate")
async def _order_create(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        'mutation($p: ID!) { orderCreate(input: {lines: [{productId: $p, quantity: "1"}]}) '
        "{ id } }",
        {"p": await _product(w)},
        "order.",
    )


async def _order(w: World) -> str:
    made = await w.ok(
        'mutation($p: ID!) { orderCreate(input: {lines: [{productId: $p, quantity: "1"}]}) '
        "{ id } }",
        {"p": await _product(w)},
    )
    return str(made["orderCreate"]["id"])


async def _invoice(w: World) -> str:
    made = await w.ok(
        "mutation($o: ID!) { invoiceIssue(input: {orderId: $o}) { id } }", {"o": await _order(w)}
    )
    return str(made["invoiceIssue"]["id"])


@case("invoiceIssue")
async def _invoice_issue(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        "mutation($o: ID!) { invoiceIssue(input: {orderId: $o}) { id } }",
        {"o": await _order(w)},
        "invoice.",
    )


@case("invoiceCancel")
async def _invoice_cancel(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        "mutation($id: ID!) { invoiceCancel(id: $id) { id } }",
        {"id": await _invoice(w)},
        "invoice.",
    )


@case("paymentRecord")
async def _payment_record(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        'mutation($i: ID!) { paymentRecord(input: {invoiceId: $i, amount: "1", '
        'paidOn: "2026-01-01"}) { id } }',
        {"i": await _invoice(w)},
        "payment.",
    )


@case("invoiceSend")
async def _invoice_send(w: World) -> tuple[str, dict[str, Any], str]:
    contact = await crm.contact(w.owner.user, email="audit-walk@customer.test")
    made = await w.ok(
        "mutation($p: ID!, $c: ID!) { orderCreate(input: {contactId: $c, lines: [{productId: $p, "
        'quantity: "1"}]}) { id } }',
        {"p": await _product(w), "c": crm.gid(contact)},
    )
    issued = await w.ok(
        "mutation($o: ID!) { invoiceIssue(input: {orderId: $o}) { id } }",
        {"o": made["orderCreate"]["id"]},
    )
    return (
        "mutation($id: ID!) { invoiceSend(id: $id) { id } }",
        {"id": issued["invoiceIssue"]["id"]},
        "invoice.send",
    )


@case("companyBrandingSet")
async def _company_branding_set(w: World) -> tuple[str, dict[str, Any], str]:
    return (
        'mutation { companyBrandingSet(input: {name: "Acme", colour: "#336699"}) { name } }',
        {},
        "company.branding",
    )
