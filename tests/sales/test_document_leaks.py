"""A Salesperson never sees an invoice's or an order's cost or margin, by any path: a field
selection, an alias, a fragment, a node lookup, a line's unit cost, a sort, a filter or count
(no list filters by them), an export, or an event's payload in recordEvents. Read-only reads
documents and payments without them, and writes none."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
import websockets
from starlette.applications import Starlette

from models.audit import AuditEntry
from models.clock import FrozenClock
from models.documents import Quote, SalesOrder
from models.exchange import ExchangeRate
from models.invoices import Invoice, Payment
from models.product import Product
from tests.sales.test_invoices import ISSUE, ORDER, at
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.live import serve

COST = "37.25"
MARGIN = "62.75"


@pytest.fixture
async def ws_url(app: Starlette) -> AsyncIterator[str]:
    async with serve(app) as base:
        yield base.replace("http://", "ws://") + "/graphql"


async def _documents(api: GraphQLClient, manager: Account) -> dict[str, str]:
    """A manager's order and invoice, in the salesperson's department, with a product cost."""
    widget = await Product.create(sku="L1", name="Widget", price=100, cost=Decimal(COST))
    line = {"productId": crm.gid(widget), "quantity": "1", "taxRate": "0"}
    order = await api.ok(ORDER, {"input": {"lines": [line]}}, token=manager.access_token)
    oid = order["orderCreate"]["id"]
    invoice = await api.ok(ISSUE, {"input": {"orderId": oid}}, token=manager.access_token)
    return {"order": oid, "invoice": invoice["invoiceIssue"]["id"]}


def _clean(result: Any) -> str:
    return json.dumps(result.data)


@pytest.mark.parametrize(
    "query",
    [
        "{ invoices { edges { node { cost { amount } } } } }",
        "{ invoices { edges { node { m: margin { amount } } } } }",
        "{ orders { edges { node { ...Money } } } } fragment Money on Order { cost { amount } }",
        "{ orders { edges { node { ... on Order { margin { amount } } } } } }",
        "{ invoices { edges { node { lines { unitCost { amount } } } } } }",
        "{ orders { edges { node { lines { unitCost { amount } } } } } }",
    ],
)
async def test_a_salesperson_gets_null_and_forbidden_for_cost_and_margin_however_asked(
    query: str, api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson", email="seller@acme.test")
    await _documents(api, manager)

    result = await api.execute(query, token=seller.access_token)

    # A line's unit cost is null without an error (documented on the field); the totals'
    # cost and margin are null with FORBIDDEN at their path.
    assert set(result.codes) <= {"FORBIDDEN"}
    assert "unitCost" in query or result.codes == ["FORBIDDEN"]
    assert COST not in _clean(result) and MARGIN not in _clean(result)
    assert result.data is not None


async def test_a_salesperson_may_not_look_up_cost_by_node(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson", email="seller@acme.test")
    ids = await _documents(api, manager)

    result = await api.execute(
        "query($i: ID!, $o: ID!) { i: node(id: $i) { ... on Invoice { cost { amount } } } "
        "o: node(id: $o) { ... on Order { margin { amount } } } }",
        {"i": ids["invoice"], "o": ids["order"]},
        token=seller.access_token,
    )

    assert result.codes == ["FORBIDDEN", "FORBIDDEN"]
    assert result.data == {"i": {"cost": None}, "o": {"margin": None}}


async def test_a_salesperson_may_not_sort_by_cost_or_filter_by_it(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson", email="seller@acme.test")
    await _documents(api, manager)

    sorted_invoices = await api.execute(
        "{ invoices(orderBy: [{field: COST}]) { totalCount } }", token=seller.access_token
    )
    sorted_orders = await api.execute(
        "{ orders(orderBy: [{field: COST, direction: DESC}]) { edges { node { id } } } }",
        token=seller.access_token,
    )
    filters = await api.ok(
        '{ a: __type(name: "InvoiceFilter") { inputFields { name } } '
        'b: __type(name: "OrderFilter") { inputFields { name } } '
        'c: __type(name: "QuoteFilter") { inputFields { name } } }',
        token=seller.access_token,
    )

    assert sorted_invoices.codes == ["FORBIDDEN"] and sorted_invoices.data is None
    assert sorted_orders.codes == ["FORBIDDEN"] and sorted_orders.data is None
    # No list filters (or counts) by cost or margin, so no count can be narrowed by them.
    names = {f["name"] for t in filters.values() for f in t["inputFields"]}
    assert not {n for n in names if n.startswith(("cost", "margin"))}


async def test_a_salesperson_hears_invoice_and_order_events_without_cost_or_margin(
    api: GraphQLClient, ws_url: str, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    seller = await signed_in(api, "salesperson", email="seller@acme.test")
    await _documents(api, manager)
    query = """subscription { recordEvents(objects: [ORDER, INVOICE], after: "0") {
      object changedFields record {
        ... on Order { total { amount } cost { amount } margin { amount } }
        ... on Invoice { total { amount } cost { amount } margin { amount } } } } }"""

    async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        init = {"Authorization": f"Bearer {seller.access_token}"}
        await socket.send(json.dumps({"type": "connection_init", "payload": init}))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        frames = [await asyncio.wait_for(socket.recv(), 10) for _ in range(2)]

    messages = [json.loads(f) for f in frames]
    events = [m["payload"]["data"]["recordEvents"] for m in messages]
    assert [e["object"] for e in events] == ["ORDER", "INVOICE"]
    for event, message, frame in zip(events, messages, frames, strict=True):
        assert event["record"] == {"total": {"amount": "100.00"}, "cost": None, "margin": None}
        assert "cost" not in event["changedFields"]
        assert {e["extensions"]["code"] for e in message["payload"]["errors"]} == {"FORBIDDEN"}
        assert COST not in str(frame) and MARGIN not in str(frame)


async def test_read_only_reads_documents_and_payments_without_money_and_writes_none(
    api: GraphQLClient, clock: FrozenClock
) -> None:
    clock.set(at("2026-03-01"))
    manager = await signed_in(api, "manager")
    reader = await signed_in(api, "read_only", email="reader@acme.test")
    ids = await _documents(api, manager)
    await api.ok(
        'mutation($i: ID!) { paymentRecord(input: {invoiceId: $i, amount: "10", '
        'paidOn: "2026-03-01"}) { id } }',
        {"i": ids["invoice"]},
        token=manager.access_token,
    )
    counts = [await m.all().count() for m in (Quote, SalesOrder, Invoice, Payment, ExchangeRate)]
    audits = await AuditEntry.all().count()

    listed = await api.ok(
        "{ invoices { edges { node { code total { amount } balance { amount } } } } "
        "orders { totalCount } quotes { totalCount } "
        "payments { edges { node { amount { amount } } } } }",
        token=reader.access_token,
    )
    writes = [
        await api.execute(document, variables, token=reader.access_token)
        for document, variables in (
            (ORDER, {"input": {"lines": []}}),
            ("mutation { quoteCreate(input: {lines: []}) { id } }", {}),
            (
                "mutation($o: ID!) { invoiceIssue(input: {orderId: $o}) { id } }",
                {"o": ids["order"]},
            ),
            ("mutation($i: ID!) { invoiceCancel(id: $i) { id } }", {"i": ids["invoice"]}),
            (
                'mutation($i: ID!) { paymentRecord(input: {invoiceId: $i, amount: "1", '
                'paidOn: "2026-03-01"}) { id } }',
                {"i": ids["invoice"]},
            ),
            (
                'mutation { exchangeRateSet(input: {currency: "USD", rate: "1", '
                'validOn: "2026-01-01"}) { id } }',
                {},
            ),
        )
    ]

    assert listed["invoices"]["edges"][0]["node"]["balance"] == {"amount": "90.00"}
    assert listed["payments"]["edges"] == [{"node": {"amount": {"amount": "10.00"}}}]
    assert (listed["orders"]["totalCount"], listed["quotes"]["totalCount"]) == (1, 0)
    assert [w.codes for w in writes] == [["FORBIDDEN"]] * len(writes)
    assert [await m.all().count() for m in (Quote, SalesOrder, Invoice, Payment, ExchangeRate)] == (
        counts
    )
    assert await AuditEntry.all().count() == audits
