"""Creating an order: from scratch, or from an accepted quote (models/quotes.py), with its
lines, stored totals and gross profit, one unit of work with its audit entry and event."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from models import events
from models.audit import write_audit
from models.document_lines import apply_totals, audit_values, write_lines
from models.document_totals import LineValues
from models.documents import OrderLine, SalesOrder
from models.errors import BadInput
from models.outbox import emit
from models.unit_of_work import unit_of_work


def topics(row: SalesOrder) -> list[str]:
    extra = [f"deal:{row.deal_id}"] if row.deal_id else []
    return ["order", f"order:{row.pk}", *extra]


async def create_order(
    values: dict[str, Any],
    lines: Sequence[LineValues],
    *,
    check: Callable[[SalesOrder], None],
    actor_id: int | None,
) -> SalesOrder:
    if not lines:
        raise BadInput("An order has at least one line", field="lines")
    async with unit_of_work():
        row = SalesOrder(**values)
        apply_totals(row, lines)
        check(row)
        await row.save()
        after = audit_values(row)
        after["lines"] = await write_lines(OrderLine, lines, row.currency, order_id=row.pk)
        await write_audit(actor_id, "order.create", "order", row.pk, None, after)
        await emit(
            events.CREATED,
            "order",
            row,
            changed=["status", "net", "tax", "total", "cost", "lines"],
            topics=topics(row),
            actor_id=actor_id,
        )
    return row
