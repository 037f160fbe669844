"""Products and deal line items: unique SKUs, sensitive cost, amounts computed from the lines."""

from __future__ import annotations

from decimal import Decimal

from models.deal import Deal
from models.product import DealLineItem, Product
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

CREATE = """
mutation($input: ProductCreateInput!) {
  productCreate(input: $input) { id sku name price { amount currency } active }
}
"""
UPDATE = "mutation($input: ProductUpdateInput!) { productUpdate(input: $input) { id sku } }"
LIST = "{ products { totalCount edges { node { sku price { amount } cost { amount } } } } }"
SET_LINES = """
mutation($input: DealLineItemsSetInput!) {
  dealLineItemsSet(input: $input) {
    version amount { amount currency }
    lineItems { quantity discount unitPrice { amount } total { amount } product { sku } }
  }
}
"""


async def test_a_manager_adds_a_product_and_a_second_with_the_same_sku_is_refused(
    api: GraphQLClient,
) -> None:
    manager = await signed_in(api, "manager")
    values = {"sku": "W-1", "name": "Widget", "price": "10.00", "currency": "usd"}

    made = await api.ok(CREATE, {"input": values}, token=manager.access_token)
    again = await api.error(CREATE, {"input": values}, token=manager.access_token)

    assert made["productCreate"]["price"] == {"amount": "10.00", "currency": "USD"}
    assert again["extensions"] == {"code": "BAD_USER_INPUT", "field": "sku"}
    assert await Product.all().count() == 1


async def test_renaming_a_sku_onto_another_is_refused(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    await Product.create(sku="A", name="A")
    b = await Product.create(sku="B", name="B")

    error = await api.error(
        UPDATE, {"input": {"id": crm.gid(b), "sku": "A"}}, token=owner.access_token
    )

    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "sku"}


async def test_a_salesperson_sees_prices_but_not_costs_and_may_not_add_products(
    api: GraphQLClient,
) -> None:
    seller = await signed_in(api, "salesperson")
    await Product.create(sku="W-1", name="Widget", price=10, cost=4)

    listed = await api.execute(LIST, token=seller.access_token)
    created = await api.execute(
        CREATE, {"input": {"sku": "X", "name": "X"}}, token=seller.access_token
    )

    node = listed.data["products"]["edges"][0]["node"]  # type: ignore[index]
    assert node == {"sku": "W-1", "price": {"amount": "10.00"}, "cost": None}
    assert listed.codes == ["FORBIDDEN"]
    assert created.codes == ["FORBIDDEN"]


async def test_line_items_set_the_deal_amount(api: GraphQLClient) -> None:
    seller = await signed_in(api, "salesperson")
    sales = await crm.department("Sales")
    deal = await crm.deal(seller.user, sales, amount="0.00")
    widget = await Product.create(sku="W", name="Widget", price=Decimal("10.00"))
    gadget = await Product.create(sku="G", name="Gadget", price=Decimal("99.00"))
    items = [
        {"productId": crm.gid(widget), "quantity": "3"},
        {"productId": crm.gid(gadget), "quantity": "2", "unitPrice": "50.00", "discount": "10"},
    ]

    data = await api.ok(
        SET_LINES,
        {"input": {"id": crm.gid(deal), "items": items, "expectedVersion": 1}},
        token=seller.access_token,
    )

    result = data["dealLineItemsSet"]
    assert result["amount"] == {"amount": "120.00", "currency": "EUR"}
    assert [line["total"]["amount"] for line in result["lineItems"]] == ["30.00", "90.00"]
    assert [line["product"]["sku"] for line in result["lineItems"]] == ["W", "G"]
    assert result["version"] == 2


async def test_bad_line_items_name_the_field_and_write_nothing(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user)
    widget = await Product.create(sku="W", name="Widget", price=Decimal("10.00"))
    retired = await Product.create(sku="R", name="Old", active=False)
    good = {"productId": crm.gid(widget), "quantity": "1"}
    cases = [
        ({"productId": crm.gid(retired), "quantity": "1"}, "items.1.productId"),
        ({"productId": crm.gid(widget), "quantity": "0"}, "items.1.quantity"),
        ({"productId": crm.gid(widget), "quantity": "1", "discount": "101"}, "items.1.discount"),
        ({"productId": crm.gid(deal), "quantity": "1"}, "items.1.productId"),
    ]

    for bad, field in cases:
        error = await api.error(
            SET_LINES,
            {"input": {"id": crm.gid(deal), "items": [good, bad]}},
            token=owner.access_token,
        )
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, bad

    assert await DealLineItem.all().count() == 0
    assert (await Deal.get(id=deal.id)).version == 1


async def test_a_stale_version_leaves_the_lines_as_they_were(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user)
    widget = await Product.create(sku="W", name="Widget", price=Decimal("10.00"))

    error = await api.error(
        SET_LINES,
        {
            "input": {
                "id": crm.gid(deal),
                "items": [{"productId": crm.gid(widget), "quantity": "1"}],
                "expectedVersion": 5,
            }
        },
        token=owner.access_token,
    )

    assert error["extensions"] == {"code": "CONFLICT", "currentVersion": 1}
    assert await DealLineItem.all().count() == 0


async def test_marketing_may_not_set_or_read_line_items(api: GraphQLClient) -> None:
    marketer = await signed_in(api, "marketing")
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user)
    widget = await Product.create(sku="W", name="Widget")
    items = [{"productId": crm.gid(widget), "quantity": "1"}]

    written = await api.execute(
        SET_LINES, {"input": {"id": crm.gid(deal), "items": items}}, token=marketer.access_token
    )
    read = await api.execute(
        "query($id: ID!) { node(id: $id) { ... on Deal { lineItems { quantity } } } }",
        {"id": crm.gid(deal)},
        token=marketer.access_token,
    )

    assert written.codes == ["FORBIDDEN"]
    assert read.codes == ["FORBIDDEN"]
    assert await DealLineItem.all().count() == 0
