"""Products (the catalogue) and deal line items."""

from __future__ import annotations

import strawberry
from strawberry.types import Info
from tortoise.exceptions import IntegrityError

from models.deal import Deal as DealModel
from models.errors import BadInput
from models.global_ids import from_global_id
from models.i18n import N_
from models.line_items import Line, set_line_items
from models.product import Product as ProductModel
from models.record_actions import Change, create_record, update_record
from models.records import DECLARED
from resolvers import list_specs, lists, record_writes
from resolvers.api.deal_inputs import DealLineItemsSetInput
from resolvers.api.filters import ProductFilter, ProductOrder
from resolvers.api.product_inputs import ProductCreateInput, ProductUpdateInput
from resolvers.compiled import reads as compiled_reads
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext
from resolvers.pages import Page

Ctx = Info[RequestContext, None]
TAKEN = N_("Another product has this SKU")


PRODUCT_WRITES = record_writes.declared(
    DECLARED["product"],
)


def _change(info: Ctx) -> Change:
    return Change(
        "product", info.context.require_principal().user_id, lambda row: [f"product:{row.pk}"]
    )


async def _sku_free(sku: str | None, pk: int | None = None) -> None:
    if sku is None:
        return
    taken = ProductModel.filter(sku=sku)
    if pk is not None:
        taken = taken.exclude(pk=pk)
    if await taken.exists():
        raise BadInput(TAKEN, field="sku")


async def products(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: ProductFilter | None = None,
    order_by: list[ProductOrder] | None = None,
) -> Page[ProductModel] | Compiled:
    return await compiled_reads.page(
        info,
        list_specs.PRODUCTS,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def product_create(info: Ctx, input: ProductCreateInput) -> ProductModel:
    info.context.access("product").require("create")
    values = await record_writes.checked_values(info, PRODUCT_WRITES, input)
    await _sku_free(values.get("sku"))
    try:
        row = await create_record(ProductModel, values, lambda row: None, _change(info))
    except IntegrityError as exc:  # a concurrent create took the SKU after the check
        raise BadInput(TAKEN, field="sku") from exc
    return row


async def product_update(info: Ctx, input: ProductUpdateInput) -> ProductModel:
    info.context.access("product").require("update")
    pk = from_global_id(input.id, "Product")
    values = await record_writes.checked_values(info, PRODUCT_WRITES, input)
    await _sku_free(values.get("sku"), pk)
    try:
        row = await update_record(
            ProductModel,
            pk,
            values,
            input.expected_version,
            _change(info),
            check_before=lambda row: None,
            check_after=lambda row: None,
        )
    except IntegrityError as exc:
        raise BadInput(TAKEN, field="sku") from exc
    return row


async def product_delete(info: Ctx, id: strawberry.ID) -> bool:
    return await record_writes.delete(info, PRODUCT_WRITES, id)


async def _lines(info: Ctx, input: DealLineItemsSetInput) -> list[Line]:
    access = info.context.access("product")
    lines = []
    for i, item in enumerate(input.items):
        where = f"items.{i}"
        pk = from_global_id(item.product_id, "Product", field=f"{where}.productId")
        product = await info.context.loaders.of(ProductModel).load(pk)
        if not access.visible(product):
            raise BadInput("No such product", field=f"{where}.productId")
        if not product.active:
            raise BadInput("This product is no longer sold", field=f"{where}.productId")
        if item.quantity <= 0:
            raise BadInput("Quantity must be positive", field=f"{where}.quantity")
        if not 0 <= item.discount <= 100:
            raise BadInput("Discount is a percentage, 0 to 100", field=f"{where}.discount")
        price = product.price if item.unit_price is None else item.unit_price
        if price < 0 or price.as_tuple().exponent < -2:  # type: ignore[operator]
            raise BadInput("A price has at most 2 decimals", field=f"{where}.unitPrice")
        lines.append(Line(pk, item.quantity, price, item.discount))
    return lines


async def deal_line_items_set(info: Ctx, input: DealLineItemsSetInput) -> DealModel:
    access = info.context.access("deal")
    access.require("update")
    # The lines decide the amount: setting them is a write of the amount (catalogue).
    access.check_write(["amount"])
    pk = from_global_id(input.id, "Deal")
    lines = await _lines(info, input)
    row = await set_line_items(
        pk,
        lines,
        input.expected_version,
        check=lambda deal: access.require_writable_record(deal, "update"),
        actor_id=access.user_id,
    )
    return row
