"""Payments are seen by whoever sees their invoice: they carry its owner and department, so a
role's row scope on payments is its scope on invoices (list, count, filter, node, events)."""

from __future__ import annotations

from models.clock import FrozenClock
from models.invoices import Payment
from tests.sales.test_invoices import PAY, at, invoice, pay
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

LIST = "{ payments { totalCount edges { node { amount { amount } invoice { code } } } } }"
BY_INVOICE = "query($i: ID!) { payments(filter: {invoiceId: $i}) { totalCount } }"


async def test_a_seller_sees_only_the_payments_of_invoices_in_its_scope(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    sales = await signed_in(api, "manager", email="sales-lead@acme.test")
    east = await signed_in(api, "manager", email="east-lead@acme.test", department="East")
    ours = await invoice(api, sales)
    theirs = await invoice(api, east)
    await api.ok(PAY, pay(ours["id"], "20"), token=sales.access_token)
    await api.ok(PAY, pay(theirs["id"], "30"), token=east.access_token)
    seller = await signed_in(api, "salesperson", email="seller@acme.test")

    listed = await api.ok(LIST, token=seller.access_token)
    filtered = await api.ok(BY_INVOICE, {"i": theirs["id"]}, token=seller.access_token)
    east_view = await api.ok(LIST, token=east.access_token)

    assert listed["payments"] == {
        "totalCount": 1,
        "edges": [{"node": {"amount": {"amount": "20.00"}, "invoice": {"code": ours["code"]}}}],
    }
    assert filtered["payments"]["totalCount"] == 0
    assert east_view["payments"]["totalCount"] == 1
    assert await Payment.all().count() == 2


async def test_a_manager_may_not_record_a_payment_on_another_departments_invoice(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    sales = await signed_in(api, "manager", email="sales-lead@acme.test")
    east = await signed_in(api, "manager", email="east-lead@acme.test", department="East")
    theirs = await invoice(api, east)

    error = await api.error(PAY, pay(theirs["id"], "10"), token=sales.access_token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "invoiceId"}
    assert await Payment.all().count() == 0


async def test_support_may_not_list_payments(api: GraphQLClient) -> None:
    support = await signed_in(api, "support")

    listed = await api.execute("{ payments { totalCount } }", token=support.access_token)

    assert listed.codes == ["FORBIDDEN"]
