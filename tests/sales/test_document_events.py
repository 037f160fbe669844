"""Events of sales documents in recordEvents over a real websocket: a manager hears a quote
created and accepted, the order it made, the invoice issued and its payment; a salesperson's
event of an order leaves its cost out."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette

from models.product import Product
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.live import serve
from tests.support.subscriber import subscribed

EVENTS = """
subscription($after: String) {
  recordEvents(objects: [QUOTE, ORDER, INVOICE, PAYMENT, EXCHANGE_RATE], after: $after) {
    kind object changedFields
  }
}
"""
ORDER_EVENTS = """
subscription { recordEvents(objects: [ORDER]) {
  kind changedFields record { ... on Order { total { amount } } } } }
"""


@pytest.fixture
async def ws_url(app: Starlette) -> AsyncIterator[str]:
    async with serve(app) as base:
        yield base.replace("http://", "ws://") + "/graphql"


async def test_a_manager_hears_each_document_operation(api: GraphQLClient, ws_url: str) -> None:
    manager = await signed_in(api, "manager")
    widget = await Product.create(sku="W", name="Widget", price=10)
    line = {"productId": crm.gid(widget), "quantity": "1"}

    async with subscribed(ws_url, manager.access_token, EVENTS, {"after": "0"}) as heard:
        made = await api.ok(
            "mutation($l: [DocumentLineInput!]) { quoteCreate(input: {lines: $l}) { id } }",
            {"l": [line]},
            token=manager.access_token,
        )
        qid = made["quoteCreate"]["id"]
        await api.ok(
            "mutation($id: ID!) { quoteSend(id: $id) { id } }",
            {"id": qid},
            token=manager.access_token,
        )
        order = await api.ok(
            "mutation($id: ID!) { quoteAccept(id: $id) { id } }",
            {"id": qid},
            token=manager.access_token,
        )
        invoice = await api.ok(
            "mutation($o: ID!) { invoiceIssue(input: {orderId: $o}) { id } }",
            {"o": order["quoteAccept"]["id"]},
            token=manager.access_token,
        )
        await api.ok(
            'mutation($i: ID!) { paymentRecord(input: {invoiceId: $i, amount: "5", '
            'paidOn: "2026-01-01"}) { id } }',
            {"i": invoice["invoiceIssue"]["id"]},
            token=manager.access_token,
        )
        events = [(await heard.next())["recordEvents"] for _ in range(7)]

    assert [(e["kind"], e["object"]) for e in events] == [
        ("CREATED", "QUOTE"),
        ("UPDATED", "QUOTE"),
        ("UPDATED", "QUOTE"),
        ("CREATED", "ORDER"),
        ("CREATED", "INVOICE"),
        ("CREATED", "PAYMENT"),
        ("UPDATED", "INVOICE"),
    ]


async def test_a_salesperson_hears_an_order_without_its_cost(
    api: GraphQLClient, ws_url: str
) -> None:
    seller = await signed_in(api, "salesperson")
    widget = await Product.create(sku="W", name="Widget", price=10, cost=4)

    async with subscribed(ws_url, seller.access_token, ORDER_EVENTS, {}) as heard:
        await api.ok(
            "mutation($l: [DocumentLineInput!]!) { orderCreate(input: {lines: $l}) { id } }",
            {"l": [{"productId": crm.gid(widget), "quantity": "1"}]},
            token=seller.access_token,
        )
        event = (await heard.next())["recordEvents"]

    assert event["record"] == {"total": {"amount": "10.00"}}
    assert "total" in event["changedFields"]
    assert "cost" not in event["changedFields"]


async def test_an_owner_hears_the_other_document_and_rate_operations(
    api: GraphQLClient, ws_url: str
) -> None:
    owner = await signed_in(api, "owner")
    widget = await Product.create(sku="W", name="Widget", price=10)
    line = {"productId": crm.gid(widget), "quantity": "1"}
    token = owner.access_token

    async with subscribed(ws_url, token, EVENTS, {"after": "0"}) as heard:
        made = await api.ok(
            "mutation($l: [DocumentLineInput!]) { quoteCreate(input: {lines: $l}) { id } }",
            {"l": [line]},
            token=token,
        )
        qid = made["quoteCreate"]["id"]
        await api.ok(
            'mutation($id: ID!) { quoteUpdate(input: {id: $id, validUntil: "2099-01-01"}) { id } }',
            {"id": qid},
            token=token,
        )
        await api.ok("mutation($id: ID!) { quoteSend(id: $id) { id } }", {"id": qid}, token=token)
        await api.ok("mutation($id: ID!) { quoteReject(id: $id) { id } }", {"id": qid}, token=token)
        order = await api.ok(
            "mutation($l: [DocumentLineInput!]!) { orderCreate(input: {lines: $l}) { id } }",
            {"l": [line]},
            token=token,
        )
        invoice = await api.ok(
            "mutation($o: ID!) { invoiceIssue(input: {orderId: $o}) { id } }",
            {"o": order["orderCreate"]["id"]},
            token=token,
        )
        await api.ok(
            "mutation($i: ID!) { invoiceCancel(id: $i) { id } }",
            {"i": invoice["invoiceIssue"]["id"]},
            token=token,
        )
        await api.ok(
            'mutation { exchangeRateSet(input: {currency: "USD", rate: "0.9", '
            'validOn: "2026-01-01"}) { id } }',
            token=token,
        )
        await api.ok(
            "mutation { exchangeRatesImport(input: {format: CSV, "
            'content: "currency,rate,valid_on\\nGBP,1.1,2026-01-01\\n"}) { id } }',
            token=token,
        )
        events = [(await heard.next())["recordEvents"] for _ in range(10)]

    assert [(e["kind"], e["object"]) for e in events] == [
        ("CREATED", "QUOTE"),
        ("UPDATED", "QUOTE"),  # quoteUpdate
        ("UPDATED", "QUOTE"),  # quoteSend
        ("UPDATED", "QUOTE"),  # quoteReject
        ("CREATED", "ORDER"),
        ("CREATED", "INVOICE"),
        ("CREATED", "INVOICE"),  # the credit note
        ("UPDATED", "INVOICE"),  # the cancelled invoice
        ("CREATED", "EXCHANGE_RATE"),
        ("CREATED", "EXCHANGE_RATE"),  # imported
    ]
