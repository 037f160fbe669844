"""reportUpdated: a report's figures now, then again whenever committed events may have changed
them, coalesced and shared by the subscribers that would compute the same figures
(realtime/report_groups.py).

The first figures are computed with the subscriber's own context, so a caller that may not run
the report's query is refused (FORBIDDEN) before it joins anything. A group is one caller (its
user, role, departments and key) with one report and equal filters: its figures are recomputed
under that caller's permissions, row scope and hidden amounts included, so what a member hears
is what its own query would return. When an event says the caller's user or role changed, its
access is reloaded before the next recomputation (a permission taken away ends the stream with
FORBIDDEN; a deactivated user's with UNAUTHENTICATED).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

from strawberry.types import Info

from models.access.principals import principal_for_user
from models.events import Envelope
from resolvers.api.kinds import ReportKind
from resolvers.api.report_inputs import ReportFilters
from resolvers.context import RequestContext
from resolvers.customer_report_views import CustomerReportResult
from resolvers.funnel_report import FunnelReportResult
from resolvers.interaction_report import InteractionReportResult
from resolvers.record_event import ACCESS_OBJECTS
from resolvers.rep_performance import RepPerformanceResult
from resolvers.report_kinds import REPORTS
from resolvers.report_views import SalesReportResult
from resolvers.subscriptions import refresh_access

Ctx = Info[RequestContext, None]


@dataclass(frozen=True, slots=True)
class ReportUpdate:
    """One report's figures: the field named after the report holds them (schema/types/
    reports.py); the others are null."""

    report: ReportKind
    sales: SalesReportResult | None = None
    funnel: FunnelReportResult | None = None
    reps: RepPerformanceResult | None = None
    interactions: InteractionReportResult | None = None
    customers: CustomerReportResult | None = None


def _update(kind: ReportKind, result: Any) -> ReportUpdate:
    return ReportUpdate(report=kind, **{kind.value: result})


async def report_updated(
    info: Ctx, report: ReportKind, filters: ReportFilters
) -> AsyncGenerator[ReportUpdate, None]:
    ctx = info.context
    entry = REPORTS[report]
    principal = ctx.require_principal()
    key = (
        report,
        filters.key(),
        principal.user_id,
        principal.role_id,
        principal.session_version,
        principal.api_key_id,
        principal.department_ids,
    )
    # The group's own context: it outlives any one member's connection.
    group_ctx = RequestContext(
        request=None, response=None, bus=ctx.bus, services=ctx.services, principal=principal
    )

    def accepts(envelope: Envelope) -> bool:
        return envelope.object in ACCESS_OBJECTS or entry.changed_by(envelope)

    async def recompute(batch: list[Envelope] | None) -> Any:
        if batch is None:  # events were lost: one of them may have changed the caller's access
            group_ctx.use_principal(await principal_for_user(principal.user_id, None))
        for envelope in batch or ():
            if envelope.object in ACCESS_OBJECTS:
                await refresh_access(group_ctx, envelope)
        group_ctx.fresh_loaders()
        return await entry.compute(group_ctx, filters)

    async with ctx.services.reports.joined(key, accepts, recompute) as member:
        first = await entry.compute(ctx, filters)
        yield _update(report, first)
        while True:
            result = await member.next()
            if result != first:
                first = None
                yield _update(report, result)
