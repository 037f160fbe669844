"""A deal's cost counts what its products cost: quantity x product cost per line item, so its
margin is the lines' total minus that."""

from __future__ import annotations

from decimal import Decimal

from models.product import Product
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

SET_LINES = """
mutation($input: DealLineItemsSetInput!) {
  dealLineItemsSet(input: $input) { amount { amount } cost { amount } margin { amount } }
}
"""
READ = """query($id: ID!) { node(id: $id) { ... on Deal { cost { amount } margin { amount } } } }"""


async def test_line_items_bring_their_products_cost_into_the_deal(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    deal = await crm.deal(owner.user, amount="0.00", cost="0.00")
    widget = await Product.create(sku="W", name="Widget", price=Decimal("10.00"), cost="4.00")
    gadget = await Product.create(sku="G", name="Gadget", price=Decimal("99.00"), cost="30.50")
    items = [
        {"productId": crm.gid(widget), "quantity": "3"},
        {"productId": crm.gid(gadget), "quantity": "2", "discount": "10"},
    ]

    data = await api.ok(
        SET_LINES, {"input": {"id": crm.gid(deal), "items": items}}, token=owner.access_token
    )

    # 3 x 4.00 + 2 x 30.50 = 73.00; amount 30.00 + 178.20 = 208.20.
    assert data["dealLineItemsSet"] == {
        "amount": {"amount": "208.20"},
        "cost": {"amount": "73.00"},
        "margin": {"amount": "135.20"},
    }
    read = await api.ok(READ, {"id": crm.gid(deal)}, token=owner.access_token)
    assert read["node"] == {"cost": {"amount": "73.00"}, "margin": {"amount": "135.20"}}
