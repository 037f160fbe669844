"""Setting a deal's line items: the whole list replaced and the amount and cost recomputed from
it, in one transaction with the deal's version bump and its outbox event.

With lines, a deal's amount is their total and its cost what their products cost (quantity x the
product's cost when the lines are set), so its margin is what the lines earn; a deal without
lines keeps the amount and cost set by hand."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from models import events
from models.audit import write_audit
from models.deal import Deal
from models.errors import Conflict, NotFound
from models.outbox import emit
from models.product import DealLineItem, Product
from models.unit_of_work import unit_of_work

CENT = Decimal("0.01")


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


@dataclass(frozen=True, slots=True)
class Line:
    product_id: int
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal


async def _cost(items: Sequence[DealLineItem]) -> Decimal:
    """What the lines' products cost: quantity x product cost, to the cent."""
    costs = dict(
        await Product.filter(id__in=list({i.product_id for i in items})).values_list("id", "cost")
    )
    total = sum(
        (Decimal(i.quantity) * Decimal(str(costs.get(i.product_id) or 0)) for i in items),
        Decimal("0.00"),
    )
    return total.quantize(CENT, ROUND_HALF_UP)


async def set_line_items(
    deal_id: int,
    lines: Sequence[Line],
    expected_version: int | None,
    *,
    check: Callable[[Deal], None],
    actor_id: int | None,
) -> Deal:
    async with unit_of_work():
        deal = await Deal.select_for_update().get_or_none(pk=deal_id, deleted_at__isnull=True)
        if deal is None:
            raise NotFound("No such deal")
        check(deal)
        if expected_version is not None and deal.version != expected_version:
            raise Conflict(
                "Someone changed this deal since you read it", current_version=deal.version
            )
        await DealLineItem.filter(deal_id=deal_id).delete()
        items = [
            DealLineItem(
                deal_id=deal_id,
                product_id=line.product_id,
                position=i,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount=line.discount,
            )
            for i, line in enumerate(lines)
        ]
        for item in items:
            await item.save()
        old_amount, old_cost = deal.amount, deal.cost
        if items:
            deal.amount = sum((item.total for item in items), Decimal("0.00"))
            deal.cost = await _cost(items)
        deal.version += 1
        await deal.save(update_fields=["amount", "cost", "version", "updated_at"])
        changed = ["line_items"] + (["amount"] if deal.amount != old_amount else [])
        changed += ["cost"] if deal.cost != old_cost else []
        # Keyed by catalogue field, so the audit shows amount and lines only to their readers.
        lines_after = [
            {
                "product": i.product_id,
                "quantity": str(i.quantity),
                "unitPrice": str(i.unit_price),
                "discount": str(i.discount),
            }
            for i in items
        ]
        await write_audit(
            actor_id,
            "deal.lineItems",
            "deal",
            deal.pk,
            {"amount": _text(old_amount), "cost": _text(old_cost)},
            {"amount": _text(deal.amount), "cost": _text(deal.cost), "lineItems": lines_after},
        )
        await emit(
            events.UPDATED,
            "deal",
            deal,
            changed=changed,
            topics=["deal", f"deal:{deal.pk}", f"pipeline:{deal.pipeline_id}"],
            actor_id=actor_id,
        )
    return deal
