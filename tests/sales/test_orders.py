"""Orders: created from scratch, gross profit from product costs (hidden from sellers), the
order history of a contact or a company through the list's filters, permissions and audit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from models.audit import AuditEntry
from models.documents import SalesOrder
from models.product import Product
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

CREATE = """mutation($input: OrderCreateInput!) { orderCreate(input: $input) {
  id status net { amount } total { amount } cost { amount } margin { amount }
  lines { unitCost { amount } } } }"""
HISTORY = """query($f: OrderFilter) { orders(filter: $f) { totalCount
  edges { node { total { amount } contact { firstName } } } } }"""
MONEY = "{ orders { edges { node { total { amount } cost { amount } margin { amount } } } } }"


def line(product: Product, quantity: str, **more: str) -> dict[str, Any]:
    return {"productId": crm.gid(product), "quantity": quantity, **more}


async def test_an_order_s_gross_profit_is_its_net_less_its_products_cost(
    api: GraphQLClient,
) -> None:
    manager = await signed_in(api, "manager")
    widget = await Product.create(sku="W", name="Widget", price=10, cost=Decimal("3.50"))

    data = await api.ok(
        CREATE,
        {"input": {"lines": [line(widget, "4", taxRate="20")]}},
        token=manager.access_token,
    )

    order = data["orderCreate"]
    assert order["net"] == {"amount": "40.00"}
    assert order["total"] == {"amount": "48.00"}
    assert order["cost"] == {"amount": "14.00"}
    assert order["margin"] == {"amount": "26.00"}
    assert order["lines"] == [{"unitCost": {"amount": "3.50"}}]


async def test_a_salesperson_does_not_read_an_order_s_cost_or_margin(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    widget = await Product.create(sku="W", name="Widget", price=10, cost=4)
    await api.ok(
        "mutation($input: OrderCreateInput!) { orderCreate(input: $input) { id } }",
        {"input": {"lines": [line(widget, "1")]}},
        token=seller.access_token,
    )

    listed = await api.execute(MONEY, token=seller.access_token)
    lines = await api.ok(
        "{ orders { edges { node { lines { unitCost { amount } } } } } }", token=seller.access_token
    )

    node = listed.data["orders"]["edges"][0]["node"]  # type: ignore[index]
    assert node == {"total": {"amount": "10.00"}, "cost": None, "margin": None}
    assert set(listed.codes) == {"FORBIDDEN"}
    assert lines["orders"]["edges"][0]["node"]["lines"] == [{"unitCost": None}]


async def test_a_contact_s_order_history_is_the_orders_filtered_by_it(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    ann = await crm.contact(manager.user, first_name="Ann", last_name="A")
    bob = await crm.contact(manager.user, first_name="Bob", last_name="B")
    widget = await Product.create(sku="W", name="Widget", price=10)
    for who, quantity in ((ann, "1"), (bob, "2"), (ann, "3")):
        await api.ok(
            CREATE,
            {"input": {"contactId": crm.gid(who), "lines": [line(widget, quantity)]}},
            token=manager.access_token,
        )

    data = await api.ok(HISTORY, {"f": {"contactId": crm.gid(ann)}}, token=manager.access_token)

    totals = sorted(e["node"]["total"]["amount"] for e in data["orders"]["edges"])
    assert data["orders"]["totalCount"] == 2
    assert totals == ["10.00", "30.00"]


async def test_support_may_not_create_or_list_orders(api: GraphQLClient) -> None:
    support = await signed_in(api, "support")
    widget = await Product.create(sku="W", name="Widget", price=10)

    created = await api.execute(
        CREATE, {"input": {"lines": [line(widget, "1")]}}, token=support.access_token
    )
    listed = await api.execute(MONEY, token=support.access_token)

    assert created.codes == ["FORBIDDEN"]
    assert listed.codes == ["FORBIDDEN"]
    assert await SalesOrder.all().count() == 0


async def test_an_order_without_lines_is_refused(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")

    error = await api.error(CREATE, {"input": {"lines": []}}, token=manager.access_token)

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "lines"}


async def test_creating_an_order_writes_its_audit_entry(api: GraphQLClient) -> None:
    manager = await signed_in(api, "manager")
    widget = await Product.create(sku="W", name="Widget", price=10)

    await api.ok(CREATE, {"input": {"lines": [line(widget, "1")]}}, token=manager.access_token)

    entry = await AuditEntry.get(action="order.create")
    assert entry.after["total"] == "10.00"
