"""salesReport grouped by product: each won deal counts once in each product of its line items,
with those lines' totals (quantity x unit price less the discount, in the deal's currency,
converted at the deal's rate); a deal without line items counts in the group of no product with
its amount. Hand-computed figures on both backends, and the grouping refused to a role that may
not read line items."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from models.deal import Deal
from models.exchange import ExchangeRate
from models.product import DealLineItem, Product
from models.user import User
from tests.reports.test_sales_report import REPORT, _fig
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

MARCH = {"from": "2026-03-01", "to": "2026-03-31", "groupBy": "PRODUCT"}


async def _lines(deal: Deal, *lines: tuple[Product, str, str, str]) -> None:
    for position, (product, quantity, price, discount) in enumerate(lines):
        await DealLineItem.create(
            deal_id=deal.id,
            product_id=product.id,
            position=position,
            quantity=Decimal(quantity),
            unit_price=Decimal(price),
            discount=Decimal(discount),
        )


async def _data(owner: User) -> tuple[Product, Product]:
    stage = await crm.first_stage(await crm.pipeline("Sales"))
    widget = await Product.create(sku="W", name="Widget", price=Decimal("100.00"))
    gadget = await Product.create(sku="G", name="Gadget", price=Decimal("500.00"))

    async def won(amount: str, day: int, currency: str = "EUR") -> Deal:
        when = datetime(2026, 3, day, 10, tzinfo=UTC)
        return await crm.deal(
            owner, stage=stage, amount=amount, status="won", closed_at=when, currency=currency
        )

    # Lines, not the deal's amount, make a product's revenue: 2 x 100 less 10% = 180.00 and
    # 1 x 500 = 500.00.
    await _lines(
        await won("1000.00", 2), (widget, "2", "100.00", "10"), (gadget, "1", "500.00", "0")
    )
    # Two lines of one product: one deal, 150.00 + 10.00.
    await _lines(await won("300.00", 5), (widget, "3", "50.00", "0"), (widget, "1", "20.00", "50"))
    # 200 USD at 0.9: 180.00 EUR.
    await _lines(await won("200.00", 9, "USD"), (gadget, "1", "200.00", "0"))
    # No line items: its amount, in the group of no product.
    await won("400.00", 12)
    await ExchangeRate.create(currency="USD", rate=Decimal("0.9"), valid_on=date(2026, 3, 1))
    return widget, gadget


async def test_revenue_by_product_from_line_items(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    widget, gadget = await _data(owner.user)
    w, g = crm.gid(widget), crm.gid(gadget)

    data = (await api.ok(REPORT, MARCH, token=owner.access_token))["salesReport"]

    march = "2026-03-01"
    assert data["rows"] == [
        _fig(march, w, "EUR", 2, "340.00", "170.00"),
        _fig(march, g, "EUR", 2, "680.00", "340.00"),
        _fig(march, None, "EUR", 1, "400.00", "400.00"),
    ]
    assert data["byCurrency"] == [
        _fig(march, w, "EUR", 2, "340.00", "170.00"),
        _fig(march, g, "EUR", 1, "500.00", "500.00"),
        _fig(march, g, "USD", 1, "200.00", "200.00"),
        _fig(march, None, "EUR", 1, "400.00", "400.00"),
    ]
    current = {c["groupId"]: c["current"]["count"] for c in data["comparison"]}
    assert current == {w: 2, g: 2, None: 1}


async def test_grouping_by_product_needs_the_line_items(api: GraphQLClient) -> None:
    fields: dict[str, Any] = {f: "read" for f in ("amount", "status", "closedAt")}
    role = await custom_role("No lines", 20, {"deal": grant(["read"], fields=fields)})
    viewer = await signed_in(api, role)
    await _data(viewer.user)

    refused = await api.execute(REPORT, MARCH, token=viewer.access_token)
    by_month = await api.execute(REPORT, {**MARCH, "groupBy": "NONE"}, token=viewer.access_token)

    assert refused.codes == ["FORBIDDEN"]
    assert refused.errors[0]["extensions"]["field"] == "lineItems"
    assert not by_month.errors
