"""Live funnel figures, as the viewer may see them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from resolvers.api.money import Figure
from schema.types.sales import Stage


@strawberry.type
class StageFigure:
    stage: Stage
    open: Figure


@strawberry.type
class DashboardMetrics:
    pipeline_id: strawberry.ID | None = strawberry.field(description="Null: every pipeline")
    stages: list[StageFigure]
    open: Figure
    won_this_month: Figure
    tasks_overdue: int | None = strawberry.field(
        description="Open tasks past their due time, in your scope; null if you may not read tasks"
    )
    computed_at: datetime
