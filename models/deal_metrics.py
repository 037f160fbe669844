"""Funnel figures for a pipeline: open deals per stage and deals won this month, by currency.

The caller passes the row scope (a Q from the gate), so the figures count only deals the
viewer may see; amounts are summed only when the caller says the viewer may read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from tortoise.expressions import Q
from tortoise.functions import Count, Sum

from models import clock
from models.deal import Deal


@dataclass(slots=True)
class Figure:
    count: int = 0
    # Currency -> total; empty when amounts are not to be shown.
    amounts: dict[str, Decimal] = field(default_factory=dict)


@dataclass(slots=True)
class Funnel:
    stages: dict[int, Figure]
    won_this_month: Figure
    open: Figure


def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


async def funnel(pipeline_id: int | None, scope: Q | None, with_amounts: bool) -> Funnel:
    """``pipeline_id`` None: every pipeline."""
    base = Deal.filter(deleted_at__isnull=True)
    if pipeline_id is not None:
        base = base.filter(pipeline_id=pipeline_id)
    if scope is not None:
        base = base.filter(scope)
    stages: dict[int, Figure] = {}
    open_total = Figure()
    rows = (
        await base.filter(status="open")
        .annotate(n=Count("id"), total=Sum("amount"))
        .group_by("stage_id", "currency")
        .values("stage_id", "currency", "n", "total")
    )
    for row in rows:
        figure = stages.setdefault(row["stage_id"], Figure())
        _add(figure, row, with_amounts)
        _add(open_total, row, with_amounts)
    won = Figure()
    won_rows = (
        # Won this month by the day it closed (deals closed before closedAt existed: their
        # last change), as the forecast counts won revenue.
        await base.filter(status="won")
        .filter(
            Q(closed_at__gte=month_start(clock.now()))
            | Q(closed_at__isnull=True, updated_at__gte=month_start(clock.now()))
        )
        .annotate(n=Count("id"), total=Sum("amount"))
        .group_by("currency")
        .values("currency", "n", "total")
    )
    for row in won_rows:
        _add(won, row, with_amounts)
    return Funnel(stages, won, open_total)


def _add(figure: Figure, row: dict[str, object], with_amounts: bool) -> None:
    figure.count += int(row["n"] or 0)  # type: ignore[call-overload]
    if with_amounts:
        currency = str(row["currency"])
        total = Decimal(str(row["total"] or 0))
        figure.amounts[currency] = figure.amounts.get(currency, Decimal(0)) + total
