"""Quotes: totals and taxes per rate rounded per currency, from a deal or from scratch,
revisions, status moves, acceptance creating the order, permissions and audit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from models.audit import AuditEntry
from models.documents import Quote, SalesOrder
from models.product import DealLineItem, Product
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

FIELDS = """id status revision version currency
  net { amount currency } tax { amount } total { amount }
  taxLines { rate net { amount } tax { amount } }
  lines { quantity unitPrice { amount } discount taxRate net { amount } }"""
CREATE = f"mutation($input: QuoteCreateInput!) {{ quoteCreate(input: $input) {{ {FIELDS} }} }}"
UPDATE = f"mutation($input: QuoteUpdateInput!) {{ quoteUpdate(input: $input) {{ {FIELDS} }} }}"
SEND = "mutation($id: ID!) { quoteSend(id: $id) { status version } }"
REJECT = "mutation($id: ID!) { quoteReject(id: $id) { status } }"
ACCEPT = """mutation($id: ID!) { quoteAccept(id: $id) {
  id status total { amount currency } quote { status } lines { quantity } } }"""
MONEY = "query { quotes { edges { node { total { amount } cost { amount } margin { amount } } } } }"


def line(product: Product, quantity: str, **more: str) -> dict[str, Any]:
    return {"productId": crm.gid(product), "quantity": quantity, **more}


async def test_totals_are_per_tax_rate_and_rounded_half_up_to_the_cent(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    widget = await Product.create(sku="W", name="Widget", price=Decimal("10.05"), cost=4)
    gadget = await Product.create(sku="G", name="Gadget", price=Decimal("3.33"))
    lines = [
        line(widget, "3", discount="10", taxRate="21"),  # 30.15 less 10% = 27.135 -> 27.14
        line(gadget, "1", taxRate="21"),  # 3.33
        line(gadget, "2", unitPrice="1.25", taxRate="7.5"),  # 2.50
    ]

    data = await api.ok(
        CREATE, {"input": {"lines": lines, "currency": "EUR"}}, token=seller.access_token
    )

    quote = data["quoteCreate"]
    assert [x["net"]["amount"] for x in quote["lines"]] == ["27.14", "3.33", "2.50"]
    assert quote["taxLines"] == [
        # 2.50 x 7.5% = 0.1875 -> 0.19
        {"rate": "7.50", "net": {"amount": "2.50"}, "tax": {"amount": "0.19"}},
        # 30.47 x 21% = 6.3987 -> 6.40 (one rounding per rate, not per line)
        {"rate": "21.00", "net": {"amount": "30.47"}, "tax": {"amount": "6.40"}},
    ]
    assert quote["net"] == {"amount": "32.97", "currency": "EUR"}
    assert quote["tax"]["amount"] == "6.59"
    assert quote["total"]["amount"] == "39.56"
    assert (quote["status"], quote["revision"]) == ("draft", 1)


async def test_a_yen_quote_has_no_decimals_and_converts_euro_prices_at_the_quote_date(
    api: GraphQLClient,
) -> None:
    owner = await signed_in(api, "owner")
    await api.ok(
        'mutation { exchangeRateSet(input: {currency: "JPY", rate: "0.0064", '
        'validOn: "2026-01-01"}) { id } }',
        token=owner.access_token,
    )
    widget = await Product.create(sku="W", name="Widget", price=Decimal("9.65"))

    data = await api.ok(
        CREATE,
        {
            "input": {
                "currency": "JPY",
                "issuedOn": "2026-02-01",
                # 9.65 EUR = 1507.8125 JPY -> 1508; 3 x 1508 = 4524, 10% tax = 452.4 -> 452
                "lines": [line(widget, "3", taxRate="10")],
            }
        },
        token=owner.access_token,
    )

    quote = data["quoteCreate"]
    assert quote["lines"][0]["unitPrice"]["amount"] == "1508"
    assert quote["taxLines"] == [
        {"rate": "10.00", "net": {"amount": "4524"}, "tax": {"amount": "452"}}
    ]
    assert quote["total"]["amount"] == "4976"


async def test_a_yen_price_with_decimals_is_refused(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    widget = await Product.create(sku="W", name="Widget", price=1)

    error = await api.error(
        CREATE,
        {"input": {"currency": "JPY", "lines": [line(widget, "1", unitPrice="10.5")]}},
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "lines.0.unitPrice"}
    assert await Quote.all().count() == 0


async def test_a_quote_from_a_deal_copies_its_line_items(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    deal = await crm.deal(seller.user, await crm.department("Sales"), currency="USD")
    widget = await Product.create(sku="W", name="Widget", price=10, cost=4)
    await DealLineItem.create(
        deal=deal, product=widget, quantity=2, unit_price=Decimal("12.00"), discount=0
    )

    data = await api.ok(
        CREATE, {"input": {"dealId": crm.gid(deal), "taxRate": "20"}}, token=seller.access_token
    )

    quote = data["quoteCreate"]
    assert quote["currency"] == "USD"
    assert quote["lines"] == [
        {
            "quantity": "2.000",
            "unitPrice": {"amount": "12.00"},
            "discount": "0.00",
            "taxRate": "20.00",
            "net": {"amount": "24.00"},
        }
    ]
    assert quote["total"]["amount"] == "28.80"


async def test_changing_a_sent_quote_makes_its_next_revision_in_draft(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    widget = await Product.create(sku="W", name="Widget", price=10)
    made = await api.ok(
        CREATE, {"input": {"lines": [line(widget, "1")]}}, token=seller.access_token
    )
    qid = made["quoteCreate"]["id"]
    await api.ok(SEND, {"id": qid}, token=seller.access_token)

    changed = await api.ok(
        UPDATE, {"input": {"id": qid, "lines": [line(widget, "5")]}}, token=seller.access_token
    )

    quote = changed["quoteUpdate"]
    assert (quote["status"], quote["revision"]) == ("draft", 2)
    assert quote["total"]["amount"] == "50.00"


async def test_accepting_a_sent_quote_creates_its_order(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    widget = await Product.create(sku="W", name="Widget", price=10)
    made = await api.ok(
        CREATE, {"input": {"lines": [line(widget, "2", taxRate="10")]}}, token=seller.access_token
    )
    qid = made["quoteCreate"]["id"]
    await api.ok(SEND, {"id": qid}, token=seller.access_token)

    data = await api.ok(ACCEPT, {"id": qid}, token=seller.access_token)

    order = data["quoteAccept"]
    assert order["status"] == "open"
    assert order["total"] == {"amount": "22.00", "currency": "EUR"}
    assert order["quote"] == {"status": "accepted"}
    assert order["lines"] == [{"quantity": "2.000"}]


async def test_a_draft_quote_cannot_be_accepted_and_a_rejected_one_is_final(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    widget = await Product.create(sku="W", name="Widget", price=10)
    made = await api.ok(
        CREATE, {"input": {"lines": [line(widget, "1")]}}, token=seller.access_token
    )
    qid = made["quoteCreate"]["id"]

    early = await api.error(ACCEPT, {"id": qid}, token=seller.access_token)
    await api.ok(SEND, {"id": qid}, token=seller.access_token)
    await api.ok(REJECT, {"id": qid}, token=seller.access_token)
    late = await api.error(
        UPDATE, {"input": {"id": qid, "lines": [line(widget, "2")]}}, token=seller.access_token
    )

    assert early["extensions"]["reason"] == "QUOTE_DRAFT"
    assert late["extensions"]["reason"] == "QUOTE_FINAL"
    assert await SalesOrder.all().count() == 0


async def test_a_quote_past_its_validity_reads_expired_and_cannot_be_sent(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    widget = await Product.create(sku="W", name="Widget", price=10)
    made = await api.ok(
        CREATE,
        {"input": {"validUntil": "2020-01-01", "lines": [line(widget, "1")]}},
        token=seller.access_token,
    )

    error = await api.error(SEND, {"id": made["quoteCreate"]["id"]}, token=seller.access_token)

    assert made["quoteCreate"]["status"] == "expired"
    assert error["extensions"]["reason"] == "QUOTE_EXPIRED"


async def test_a_salesperson_reads_quote_totals_but_not_cost_or_margin(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    widget = await Product.create(sku="W", name="Widget", price=10, cost=4)
    await api.ok(CREATE, {"input": {"lines": [line(widget, "1")]}}, token=seller.access_token)

    listed = await api.execute(MONEY, token=seller.access_token)

    node = listed.data["quotes"]["edges"][0]["node"]  # type: ignore[index]
    assert node == {"total": {"amount": "10.00"}, "cost": None, "margin": None}
    assert set(listed.codes) == {"FORBIDDEN"}


async def test_a_manager_reads_quote_cost_and_margin(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    widget = await Product.create(sku="W", name="Widget", price=10, cost=4)
    await api.ok(CREATE, {"input": {"lines": [line(widget, "1")]}}, token=manager.access_token)

    data = await api.ok(MONEY, token=manager.access_token)

    node = data["quotes"]["edges"][0]["node"]
    assert node == {
        "total": {"amount": "10.00"},
        "cost": {"amount": "4.00"},
        "margin": {"amount": "6.00"},
    }


async def test_marketing_may_not_create_or_list_quotes(api: GraphQLClient) -> None:
    marketer = await signed_in(api, "marketing")
    widget = await Product.create(sku="W", name="Widget", price=10)

    created = await api.execute(
        CREATE, {"input": {"lines": [line(widget, "1")]}}, token=marketer.access_token
    )
    listed = await api.execute(MONEY, token=marketer.access_token)

    assert created.codes == ["FORBIDDEN"]
    assert listed.codes == ["FORBIDDEN"]
    assert await Quote.all().count() == 0


async def test_read_only_may_not_send_accept_or_reject_a_quote(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    reader = await signed_in(api, "read_only")
    widget = await Product.create(sku="W", name="Widget", price=10)
    made = await api.ok(
        CREATE, {"input": {"lines": [line(widget, "1")]}}, token=seller.access_token
    )
    qid = made["quoteCreate"]["id"]

    refused = [
        await api.execute(doc, {"id": qid}, token=reader.access_token)
        for doc in (SEND, ACCEPT, REJECT)
    ]
    updated = await api.execute(
        UPDATE, {"input": {"id": qid, "validUntil": "2030-01-01"}}, token=reader.access_token
    )

    assert [r.codes for r in refused] == [["FORBIDDEN"]] * 3
    assert updated.codes == ["FORBIDDEN"]
    assert (await Quote.get()).version == 1


async def test_every_quote_operation_writes_its_audit_entry(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    widget = await Product.create(sku="W", name="Widget", price=10)
    made = await api.ok(
        CREATE, {"input": {"lines": [line(widget, "1")]}}, token=seller.access_token
    )
    qid = made["quoteCreate"]["id"]
    await api.ok(
        UPDATE, {"input": {"id": qid, "validUntil": "2030-01-01"}}, token=seller.access_token
    )
    await api.ok(SEND, {"id": qid}, token=seller.access_token)
    await api.ok(ACCEPT, {"id": qid}, token=seller.access_token)

    actions = await AuditEntry.all().order_by("id").values_list("action", flat=True)

    assert actions == [
        "quote.create",
        "quote.update",
        "quote.sent",
        "quote.accepted",
        "order.create",
    ]
