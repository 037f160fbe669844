"""Invoices in currencies with other minor units, end to end: a zero-decimal one (JPY) and a
three-decimal one (KWD): line nets, tax per rate, totals, payments to the minor unit (more
decimals refused), balance, and the receivables in the base currency at the invoice's date."""

from __future__ import annotations

from typing import Any

from models.clock import FrozenClock
from models.invoices import Payment
from models.product import Product
from tests.sales.test_invoices import ISSUE, ORDER, PAY, RECEIVABLES, at, pay
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient


async def _issue(
    api: GraphQLClient, who: Account, currency: str, price: str, quantity: str, tax: str
) -> dict[str, Any]:
    widget = await Product.create(sku=f"C-{currency}", name="Widget", price=1)
    line = {"productId": crm.gid(widget), "quantity": quantity, "unitPrice": price, "taxRate": tax}
    order = await api.ok(
        ORDER, {"input": {"currency": currency, "lines": [line]}}, token=who.access_token
    )
    data = await api.ok(
        ISSUE, {"input": {"orderId": order["orderCreate"]["id"]}}, token=who.access_token
    )
    return dict(data["invoiceIssue"])


async def test_a_three_decimal_invoice_rounds_to_the_fils_and_takes_payments_to_it(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    await api.ok(
        'mutation { exchangeRateSet(input: {currency: "KWD", rate: "3", validOn: "2026-01-01"}) '
        "{ id } }",
        token=owner.access_token,
    )
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")

    # 3 x 3.335 = 10.005 KWD; 5% tax = 0.50025 -> 0.500; total 10.505.
    issued = await _issue(api, manager, "KWD", "3.335", "3", "5")
    too_fine = await api.error(PAY, pay(issued["id"], "1.0005"), token=manager.access_token)
    paid = await api.ok(PAY, pay(issued["id"], "10.5"), token=manager.access_token)

    assert issued["total"] == {"amount": "10.505", "currency": "KWD"}
    assert issued["taxLines"] == [
        {"rate": "5.00", "net": {"amount": "10.005"}, "tax": {"amount": "0.500"}}
    ]
    assert too_fine["extensions"] == {"code": "BAD_USER_INPUT", "field": "amount"}
    assert paid["paymentRecord"]["invoice"]["balance"] == {"amount": "0.005"}
    assert paid["paymentRecord"]["invoice"]["status"] == "partly_paid"


async def test_a_yen_invoice_has_no_decimals_and_is_reported_in_euros_at_its_date(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    owner = await signed_in(api, "owner")
    for rate, day in (("0.0064", "2026-01-01"), ("0.0070", "2026-04-01")):
        await api.ok(
            f'mutation {{ exchangeRateSet(input: {{currency: "JPY", rate: "{rate}", '
            f'validOn: "{day}"}}) {{ id }} }}',
            token=owner.access_token,
        )
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")

    # 3 x 1001 = 3003 JPY; 8% tax = 240.24 -> 240; total 3243.
    issued = await _issue(api, manager, "JPY", "1001", "3", "8")
    with_sen = await api.error(PAY, pay(issued["id"], "1000.5"), token=manager.access_token)
    over = await api.error(PAY, pay(issued["id"], "3244"), token=manager.access_token)
    clock.set(at("2026-05-01"))
    report = await api.ok(
        RECEIVABLES, token=(await signed_in(api, "manager", email="m2@a.test")).access_token
    )

    assert issued["total"] == {"amount": "3243", "currency": "JPY"}
    assert issued["taxLines"] == [
        {"rate": "8.00", "net": {"amount": "3003"}, "tax": {"amount": "240"}}
    ]
    assert with_sen["extensions"] == {"code": "BAD_USER_INPUT", "field": "amount"}
    assert over["extensions"]["reason"] == "OVERPAYMENT"
    assert await Payment.all().count() == 0
    # At the invoice's date's rate (0.0064), not today's: 3243 x 0.0064 = 20.7552 -> 20.76 EUR,
    # 31 days past its due date (2026-03-31).
    assert report["receivables"]["total"]["total"] == {"amount": "20.76"}
    assert report["receivables"]["total"]["days31To60"] == {"amount": "20.76"}
