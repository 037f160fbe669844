"""An issued invoice is never edited or deleted: the API has no operation for it, a later
price or cost change leaves it as issued, and the model itself refuses a change or a delete
(only payments and cancellation move its running figures)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.clock import FrozenClock
from models.errors import BadInput
from models.invoices import Invoice
from models.product import Product
from tests.sales.test_invoices import at, invoice
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

READ = """query($id: ID!) { node(id: $id) { ... on Invoice {
  total { amount } cost { amount } lines { unitPrice { amount } } } } }"""


async def test_the_api_only_issues_and_cancels_invoices(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    data = await api.ok(
        "{ __schema { mutationType { fields { name } } } }", token=owner.access_token
    )

    names = {f["name"] for f in data["__schema"]["mutationType"]["fields"]}
    # invoiceSend e-mails the invoice as issued (its PDF) and changes nothing on it; a new
    # invoice mutation fails here until it is shown to leave issued invoices as they were.
    invoice_mutations = {n for n in names if n.startswith("invoice")}
    assert invoice_mutations == {"invoiceIssue", "invoiceCancel", "invoiceSend"}


async def test_a_later_price_or_cost_change_leaves_an_issued_invoice_as_it_was(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    issued = await invoice(api, manager)
    before = await api.ok(READ, {"id": issued["id"]}, token=manager.access_token)

    await Product.all().update(price=Decimal("999"), cost=Decimal("500"))
    after = await api.ok(READ, {"id": issued["id"]}, token=manager.access_token)

    assert after == before
    assert before["node"]["total"] == {"amount": "120.00"}


async def test_the_model_refuses_to_change_or_delete_an_issued_invoice(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    await invoice(api, manager)
    row = await Invoice.get()

    row.total = Decimal("1")
    with pytest.raises(BadInput):
        await row.save()
    with pytest.raises(BadInput):
        await row.delete()

    stored = await Invoice.get()
    assert Decimal(stored.total) == Decimal("120")
