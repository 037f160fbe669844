"""The live dashboard: funnel figures and overdue tasks pushed when they change, at most a few
times a second. A task falling due changes the figures without any event: the dashboard looks
again when the next task in the viewer's scope falls due (and every dashboard_recheck_seconds).

Figures are computed with the viewer's row scope and only show amounts the viewer may read. A
change the viewer cannot see may trigger a recomputation, but the figures it yields are equal to
the last ones and are not sent, so nothing is learned from it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry.types import Info

from models import clock
from models.deal_metrics import Figure as FigureData
from models.deal_metrics import funnel
from models.events import Envelope
from models.global_ids import from_global_id, global_id
from models.pipeline import Stage as StageModel
from models.task_metrics import next_due, overdue_count
from resolvers.api.money import Figure, Money
from resolvers.context import RequestContext
from resolvers.subscriptions import ACCESS_OBJECTS, refresh_access

Ctx = Info[RequestContext, None]


# What the dashboard yields; schema/types/dashboard.py says how the API shows it.
@dataclass(frozen=True, slots=True)
class StageFigure:
    stage: StageModel
    open: Figure


@dataclass(frozen=True, slots=True)
class DashboardMetrics:
    pipeline_id: str | None
    stages: list[StageFigure]
    open: Figure
    won_this_month: Figure
    tasks_overdue: int | None
    computed_at: datetime


def _figure(data: FigureData, with_amounts: bool) -> Figure:
    amounts = None
    if with_amounts:
        amounts = [
            Money(amount=Decimal(total).quantize(Decimal("0.01")), currency=currency)
            for currency, total in sorted(data.amounts.items())
        ]
    return Figure(count=data.count, amounts=amounts)


async def _compute(ctx: RequestContext, pipeline_id: int | None) -> DashboardMetrics:
    access = ctx.access
    access("deal").require("read")
    access("pipeline").require("read")
    with_amounts = access("deal").can_read("amount")
    figures = await funnel(pipeline_id, access("deal").scope(), with_amounts)
    overdue = None
    if access("task").can("read"):
        overdue = await overdue_count(access("task").scope(), clock.now())
    stages = StageModel.all() if pipeline_id is None else StageModel.filter(pipeline_id=pipeline_id)
    rows = await stages.order_by("pipeline_id", "position")
    return DashboardMetrics(
        pipeline_id=global_id("Pipeline", pipeline_id) if pipeline_id else None,
        stages=[
            StageFigure(
                stage=row,
                open=_figure(figures.stages.get(row.id, FigureData()), with_amounts),
            )
            for row in rows
        ],
        open=_figure(figures.open, with_amounts),
        won_this_month=_figure(figures.won_this_month, with_amounts),
        tasks_overdue=overdue,
        computed_at=clock.now(),
    )


def _same(a: DashboardMetrics, b: DashboardMetrics | None) -> bool:
    return b is not None and (a.stages, a.open, a.won_this_month, a.tasks_overdue) == (
        b.stages,
        b.open,
        b.won_this_month,
        b.tasks_overdue,
    )


async def _until_next_due(ctx: RequestContext, cap: float) -> float:
    """Seconds until the next task in the viewer's scope falls due (no event marks that)."""
    access = ctx.access("task")
    if not access.can("read"):
        return cap
    now = clock.now()
    due = await next_due(access.scope(), now)
    if due is None:
        return cap
    return max(0.0, min(cap, (due - now).total_seconds()))


async def dashboard(
    info: Ctx, pipeline_id: strawberry.ID | None = None
) -> AsyncGenerator[DashboardMetrics, None]:
    ctx = info.context
    pid = from_global_id(pipeline_id, "Pipeline", field="pipelineId") if pipeline_id else None
    topic = f"pipeline:{pid}" if pid is not None else None
    window = ctx.services.settings.dashboard_coalesce_seconds
    recheck = ctx.services.settings.dashboard_recheck_seconds

    def relevant(envelope: Envelope) -> bool:
        if envelope.object in ACCESS_OBJECTS:
            return True
        if envelope.object == "task":
            return True
        return envelope.object == "deal" and (topic is None or topic in envelope.topics)

    stream = ctx.services.stream
    listener, _ = stream.listen(relevant)
    try:
        last = await _compute(ctx, pid)
        yield last
        loop = asyncio.get_running_loop()
        while True:
            try:
                wait = await _until_next_due(ctx, recheck)
                async with asyncio.timeout(wait):
                    batch = [await listener.next()]
            except TimeoutError:
                batch = []  # a task may have fallen due: look again
            # Coalesce: whatever else arrives within the window is one update.
            deadline = loop.time() + window
            while (remaining := deadline - loop.time()) > 0:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(remaining):
                        batch.append(await listener.next())
                    continue
                break
            for envelope in batch:
                if envelope.object in ACCESS_OBJECTS:
                    await refresh_access(ctx, envelope)
            current = await _compute(ctx, pid)
            if not _same(current, last):
                last = current
                yield current
    finally:
        stream.unlisten(listener)
