"""Orders: created from scratch here (or by accepting a quote, resolvers/quotes.py); listed
with filters (a contact's or company's order history is `orders(filter: {contact: ...})`)."""

from __future__ import annotations

from strawberry.types import Info

from models import clock
from models.documents import SalesOrder
from models.orders import create_order
from models.records import DECLARED
from resolvers import lists, record_writes
from resolvers.api.document_inputs import OrderCreateInput, OrderFilter, OrderOrder
from resolvers.compiled import reads as compiled_reads
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext
from resolvers.document_lines import checked_lines
from resolvers.list_specs import declared_list
from resolvers.pages import Page
from resolvers.quotes import landing, ownership

Ctx = Info[RequestContext, None]
ORDER_WRITES = record_writes.declared(DECLARED["order"])
ORDERS = declared_list(DECLARED["order"])


async def orders(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: OrderFilter | None = None,
    order_by: list[OrderOrder] | None = None,
) -> Page[SalesOrder] | Compiled:
    return await compiled_reads.page(
        info,
        ORDERS,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def order_create(info: Ctx, input: OrderCreateInput) -> SalesOrder:
    access = info.context.access("order")
    access.require("create")
    values = await record_writes.checked_values(info, ORDER_WRITES, input)
    if values.get("currency") is None:
        values["currency"] = "EUR"
    if values.get("issued_on") is None:
        values["issued_on"] = clock.now().date()
    ownership(access, values)
    lines = await checked_lines(info, input.lines, values["currency"], values["issued_on"])
    return await create_order(values, lines, check=landing(access), actor_id=access.user_id)
