"""Quotes: create (from a deal or from scratch), update, send, accept (creates the order),
reject, list. Checks run here before the domain action (models/quotes.py) writes anything."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from models import clock
from models.access.records import RecordAccess
from models.deal import Deal as DealModel
from models.document_lines import from_deal
from models.documents import ACCEPTED, REJECTED, SENT, Quote, SalesOrder
from models.errors import BadInput, Forbidden
from models.global_ids import from_global_id
from models.i18n import msg
from models.quotes import create_quote, move_quote, update_quote
from models.records import DECLARED
from resolvers import document_mail, lists, record_writes
from resolvers.api.document_inputs import (
    QuoteCreateInput,
    QuoteFilter,
    QuoteOrder,
    QuoteUpdateInput,
)
from resolvers.compiled import reads as compiled_reads
from resolvers.compiled.response import Compiled
from resolvers.context import RequestContext
from resolvers.document_lines import checked_lines
from resolvers.list_specs import declared_list
from resolvers.pages import Page

Ctx = Info[RequestContext, None]
QUOTE_WRITES = record_writes.declared(DECLARED["quote"])
QUOTES = declared_list(DECLARED["quote"])


def landing(access: RecordAccess) -> Any:
    """The document must land in the caller's write scope (its owner and department)."""

    def check(row: Any) -> None:
        if not access.in_scope(row, "write"):
            raise Forbidden(msg("The {obj} would end up outside your write scope", obj=access.obj))

    return check


def ownership(access: RecordAccess, values: dict[str, Any]) -> None:
    principal = access.principal
    values.setdefault("owner_id", principal.user_id)
    if values["owner_id"] is None:
        raise BadInput("A record needs an owner", field="ownerId")
    access.check_owner_assignment(values["owner_id"])
    if "department_id" not in values and principal.department_ids:
        values["department_id"] = min(principal.department_ids)


async def quotes(
    info: Ctx,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: QuoteFilter | None = None,
    order_by: list[QuoteOrder] | None = None,
) -> Page[Quote] | Compiled:
    return await compiled_reads.page(
        info,
        QUOTES,
        lists.PageArgs(first, after, last, before),
        filter=filter,
        order_by=order_by,
    )


async def quote_create(info: Ctx, input: QuoteCreateInput) -> Quote:
    access = info.context.access("quote")
    access.require("create")
    values = await record_writes.checked_values(info, QUOTE_WRITES, input)
    deal = None
    if values.get("deal_id") is not None:
        deal = await DealModel.get(pk=values["deal_id"])
        for column in ("contact_id", "company_id", "currency"):
            if values.get(column) is None and getattr(deal, column) is not None:
                values[column] = getattr(deal, column)
    values.setdefault("currency", "EUR")
    if values.get("issued_on") is None:
        values["issued_on"] = clock.now().date()
    ownership(access, values)
    if input.lines is not None:
        lines = await checked_lines(info, input.lines, values["currency"], values["issued_on"])
    elif deal is not None:
        # Copying the deal's lines reads them (and their amounts): the caller must be allowed.
        if not access.of("deal").can_read("lineItems"):
            raise Forbidden("You may not read this deal's line items", field="lines")
        if deal.currency != values["currency"]:
            raise BadInput("Lines copied from a deal keep its currency", field="currency")
        lines = await from_deal(deal.pk, input.tax_rate)
    else:
        raise BadInput("A quote from scratch needs lines", field="lines")
    return await create_quote(values, lines, check=landing(access), actor_id=access.user_id)


async def quote_update(info: Ctx, input: QuoteUpdateInput) -> Quote:
    access = info.context.access("quote")
    access.require("update")
    pk = from_global_id(input.id, "Quote")
    values = await record_writes.checked_values(info, QUOTE_WRITES, input)
    for column in ("currency", "issued_on"):
        if column in values and values[column] is None:
            raise BadInput("It cannot be cleared", field=column)
    lines = None
    if input.lines is not None:
        current = await Quote.get_or_none(pk=pk, deleted_at__isnull=True)
        if current is None or not access.visible(current):
            raise BadInput("No such quote", field="id")
        lines = await checked_lines(
            info,
            input.lines,
            values.get("currency", current.currency),
            values.get("issued_on", current.issued_on),
        )
    elif "currency" in values:
        raise BadInput("Give the lines with a new currency, in it", field="lines")

    def check(row: Quote) -> None:
        access.require_writable_record(row, "update")
        landing(access)(row)

    return await update_quote(
        pk, values, lines, input.expected_version, check=check, actor_id=access.user_id
    )


async def _move(info: Ctx, id: strawberry.ID, to: str, expected_version: int | None) -> Any:
    access = info.context.access("quote")
    access.require("update")
    if to == ACCEPTED:
        info.context.access("order").require("create")
    pk = from_global_id(id, "Quote")
    row, order = await move_quote(
        pk,
        to,
        expected_version,
        check=lambda row: access.require_writable_record(row, "update"),
        actor_id=access.user_id,
    )
    return order if to == ACCEPTED else row


async def quote_send(info: Ctx, id: strawberry.ID, expected_version: int | None = None) -> Quote:
    """Marks the quote sent and, when its contact has an e-mail address the caller may read,
    mails it the quote's PDF (a background job; the mail log records it)."""
    access = info.context.access("quote")
    current = await Quote.get_or_none(pk=from_global_id(id, "Quote"))
    to = await document_mail.recipient(access, current) if access.visible(current) else None
    row: Quote = await _move(info, id, SENT, expected_version)
    if to is not None:
        await document_mail.send(info, access, "Quote", row, to)
    return row


async def quote_accept(
    info: Ctx, id: strawberry.ID, expected_version: int | None = None
) -> SalesOrder:
    order: SalesOrder = await _move(info, id, ACCEPTED, expected_version)
    return order


async def quote_reject(info: Ctx, id: strawberry.ID, expected_version: int | None = None) -> Quote:
    row: Quote = await _move(info, id, REJECTED, expected_version)
    return row
