"""Invoices: numbering without gaps per series and year (also under concurrent issuing), taxes
per rate, due dates, payments and refunds, overpayment refused, cancellation by a credit note,
status on the injected clock, receivables by age, permissions and audit."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

from models.audit import AuditEntry
from models.clock import FrozenClock
from models.invoices import Invoice, Payment
from models.product import DealLineItem, Product
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient

ORDER = """mutation($input: OrderCreateInput!) { orderCreate(input: $input) { id } }"""
ISSUE = """mutation($input: InvoiceIssueInput!) { invoiceIssue(input: $input) {
  id code status issuedOn dueOn total { amount currency } balance { amount }
  taxLines { rate net { amount } tax { amount } } } }"""
PAY = """mutation($input: PaymentRecordInput!) { paymentRecord(input: $input) {
  amount { amount } invoice { status balance { amount } paid { amount } } } }"""
CANCEL = """mutation($id: ID!) { invoiceCancel(id: $id) {
  code status total { amount } cancels { status balance { amount } } } }"""
RECEIVABLES = """{ receivables { currency asOf
  total { total { amount } current { amount } days1To30 { amount } days31To60 { amount }
          days61To90 { amount } over90 { amount } overdueInvoices }
  customers { company { name } total { amount } } } }"""


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=UTC)


async def invoice(
    api: GraphQLClient, who: Account, price: str = "100", tax: str = "20", **more: Any
) -> dict[str, Any]:
    widget = await Product.create(sku=uuid4().hex[:12], name="Widget", price=Decimal(price))
    extra = {k: v for k, v in more.items() if k != "terms"}
    order = await api.ok(
        ORDER,
        {
            "input": {
                "lines": [{"productId": crm.gid(widget), "quantity": "1", "taxRate": tax}],
                **extra,
            }
        },
        token=who.access_token,
    )
    data = await api.ok(
        ISSUE,
        {
            "input": {
                "orderId": order["orderCreate"]["id"],
                "paymentTermsDays": more.get("terms", 30),
            }
        },
        token=who.access_token,
    )
    return dict(data["invoiceIssue"])


def pay(invoice_id: str, amount: str, kind: str = "PAYMENT") -> dict[str, Any]:
    return {
        "input": {"invoiceId": invoice_id, "amount": amount, "paidOn": "2026-03-02", "kind": kind}
    }


async def test_invoices_are_numbered_per_year_with_taxes_and_a_due_date(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2025-03-01"))
    manager = await signed_in(api, "manager")

    first = await invoice(api, manager, "100", "20", terms=14)
    second = await invoice(api, manager, "10.05", "7")
    clock.set(at("2026-01-02"))
    next_year = await invoice(api, await signed_in(api, "manager", email="m2@acme.test"))

    assert [first["code"], second["code"], next_year["code"]] == [
        "INV-2025-000001",
        "INV-2025-000002",
        "INV-2026-000001",
    ]
    assert (first["issuedOn"], first["dueOn"]) == ("2025-03-01", "2025-03-15")
    assert first["total"] == {"amount": "120.00", "currency": "EUR"}
    # 10.05 x 7% = 0.7035 -> 0.70
    assert second["taxLines"] == [
        {"rate": "7.00", "net": {"amount": "10.05"}, "tax": {"amount": "0.70"}}
    ]
    assert first["status"] == "open"


async def test_twenty_concurrent_issues_leave_numbers_without_gap_or_duplicate(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    widget = await Product.create(sku="W", name="Widget", price=10)
    orders = [
        (
            await api.ok(
                ORDER,
                {"input": {"lines": [{"productId": crm.gid(widget), "quantity": "1"}]}},
                token=manager.access_token,
            )
        )["orderCreate"]["id"]
        for _ in range(20)
    ]

    results = await asyncio.gather(
        *(
            api.execute(ISSUE, {"input": {"orderId": oid}}, token=manager.access_token)
            for oid in orders
        )
    )

    assert [r.codes for r in results] == [[]] * 20
    numbers = sorted(await Invoice.filter(year=2026).values_list("number", flat=True))
    assert numbers == list(range(1, 21))


async def test_partial_payments_then_the_rest_make_an_invoice_paid(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    issued = await invoice(api, manager)

    part = await api.ok(PAY, pay(issued["id"], "20"), token=manager.access_token)
    rest = await api.ok(PAY, pay(issued["id"], "100.00"), token=manager.access_token)

    assert part["paymentRecord"]["invoice"]["status"] == "partly_paid"
    assert part["paymentRecord"]["invoice"]["balance"] == {"amount": "100.00"}
    assert rest["paymentRecord"]["invoice"]["status"] == "paid"


async def test_an_overpayment_is_refused_with_its_reason_and_nothing_is_written(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    issued = await invoice(api, manager)
    await api.ok(PAY, pay(issued["id"], "100"), token=manager.access_token)

    error = await api.error(PAY, pay(issued["id"], "20.01"), token=manager.access_token)

    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "amount",
        "reason": "OVERPAYMENT",
    }
    assert await Payment.all().count() == 1


async def test_a_refund_is_a_negative_payment_and_reopens_the_balance(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    issued = await invoice(api, manager)
    await api.ok(PAY, pay(issued["id"], "120"), token=manager.access_token)

    refund = await api.ok(PAY, pay(issued["id"], "20", "REFUND"), token=manager.access_token)
    too_much = await api.error(PAY, pay(issued["id"], "101", "REFUND"), token=manager.access_token)

    assert refund["paymentRecord"]["amount"] == {"amount": "-20.00"}
    assert refund["paymentRecord"]["invoice"]["paid"] == {"amount": "100.00"}
    assert refund["paymentRecord"]["invoice"]["status"] == "partly_paid"
    assert too_much["extensions"]["reason"] == "OVER_REFUND"


async def test_a_credit_note_cancels_an_invoice_and_restores_its_balance(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    issued = await invoice(api, manager)

    data = await api.ok(CANCEL, {"id": issued["id"]}, token=manager.access_token)
    again = await api.error(CANCEL, {"id": issued["id"]}, token=manager.access_token)

    note = data["invoiceCancel"]
    assert (note["code"], note["status"]) == ("CN-2026-000001", "credit_note")
    assert note["total"] == {"amount": "-120.00"}
    assert note["cancels"] == {"status": "cancelled", "balance": {"amount": "0.00"}}
    assert again["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


async def test_an_unpaid_invoice_past_its_due_date_is_overdue(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    await invoice(api, manager, terms=10)

    clock.set(at("2026-03-12"))
    colleague = await signed_in(api, "manager", email="colleague@acme.test")
    data = await api.ok("{ invoices { edges { node { status } } } }", token=colleague.access_token)

    assert data["invoices"]["edges"][0]["node"]["status"] == "overdue"


async def test_receivables_age_open_balances_by_days_past_due_in_the_base_currency(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    manager = await signed_in(api, "manager")
    owner = await signed_in(api, "owner")
    await api.ok(
        'mutation { exchangeRateSet(input: {currency: "USD", rate: "0.5", '
        'validOn: "2026-01-01"}) { id } }',
        token=owner.access_token,
    )
    acme = await crm.company(manager.user, name="Acme")
    # Due dates: 2026-01-11 (80 days late on 2026-04-01), 2026-03-02 (30), 2026-04-11 (current).
    # The USD invoice's product costs 40 EUR: 80 USD on the invoice, 40 EUR in the report.
    for day, price, currency in (
        ("2026-01-01", "100", "EUR"),
        ("2026-02-20", "50", "EUR"),
        ("2026-04-01", "40", "USD"),
    ):
        clock.set(at(day))
        await invoice(
            api, manager, price, "0", terms=10, currency=currency, companyId=crm.gid(acme)
        )
    clock.set(at("2026-04-01"))

    data = await api.ok(RECEIVABLES, token=manager.access_token)

    report = data["receivables"]
    assert (report["currency"], report["asOf"]) == ("EUR", "2026-04-01")
    assert report["total"] == {
        "total": {"amount": "190.00"},
        "current": {"amount": "40.00"},
        "days1To30": {"amount": "50.00"},
        "days31To60": {"amount": "0"},
        "days61To90": {"amount": "100.00"},
        "over90": {"amount": "0"},
        "overdueInvoices": 2,
    }
    assert report["customers"] == [{"company": {"name": "Acme"}, "total": {"amount": "190.00"}}]


async def test_a_salesperson_may_not_issue_cancel_or_record_payments(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson", email="seller@acme.test")
    issued = await invoice(api, manager)
    widget = await Product.create(sku="S", name="S", price=1)
    order = await api.ok(
        ORDER,
        {"input": {"lines": [{"productId": crm.gid(widget), "quantity": "1"}]}},
        token=seller.access_token,
    )

    issuing = await api.execute(
        ISSUE, {"input": {"orderId": order["orderCreate"]["id"]}}, token=seller.access_token
    )
    cancelling = await api.execute(CANCEL, {"id": issued["id"]}, token=seller.access_token)
    paying = await api.execute(PAY, pay(issued["id"], "1"), token=seller.access_token)

    assert issuing.codes == ["FORBIDDEN"]
    assert cancelling.codes == ["FORBIDDEN"]
    assert paying.codes == ["FORBIDDEN"]
    assert await Invoice.all().count() == 1
    assert await Payment.all().count() == 0


async def test_support_may_not_read_receivables_or_invoices(api: GraphQLClient) -> None:
    support = await signed_in(api, "support")

    report = await api.execute(RECEIVABLES, token=support.access_token)
    listed = await api.execute("{ invoices { totalCount } }", token=support.access_token)

    assert report.codes == ["FORBIDDEN"]
    assert listed.codes == ["FORBIDDEN"]


async def test_issuing_paying_and_cancelling_write_audit_entries(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    issued = await invoice(api, manager)
    await api.ok(PAY, pay(issued["id"], "10"), token=manager.access_token)
    await api.ok(CANCEL, {"id": issued["id"]}, token=manager.access_token)

    actions = await AuditEntry.all().order_by("id").values_list("action", flat=True)

    assert actions == [
        "order.create",
        "invoice.issue",
        "payment.payment",
        "invoice.creditNote",
        "invoice.cancel",
    ]


async def test_an_invoice_from_a_deal_takes_its_line_items_and_customer(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    acme = await crm.company(manager.user, name="Acme")
    deal = await crm.deal(manager.user, await crm.department("Sales"), company=acme)
    widget = await Product.create(sku="W", name="Widget", price=10)
    await DealLineItem.create(deal=deal, product=widget, quantity=3, unit_price=Decimal("12.50"))

    data = await api.ok(
        ISSUE, {"input": {"dealId": crm.gid(deal), "taxRate": "10"}}, token=manager.access_token
    )
    listed = await api.ok(
        "query($c: ID!) { invoices(filter: {companyId: $c}) { totalCount } }",
        {"c": crm.gid(acme)},
        token=manager.access_token,
    )

    # 3 x 12.50 = 37.50, 10% tax = 3.75
    assert data["invoiceIssue"]["total"] == {"amount": "41.25", "currency": "EUR"}
    assert listed["invoices"]["totalCount"] == 1
