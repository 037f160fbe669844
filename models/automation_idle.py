"""The DEAL_IDLE trigger: a periodic check, called with the time to check at.

A deal is idle for a rule when it is open, has not changed and has had no activity for the
rule's days, and the rule has not already handled it within those days. Each firing is recorded
(AutomationRun) in the same transaction as the rule's actions, so a deal that stays idle is
handled again only after another full idle period. Candidates are read in pages of ``BATCH``
ids, never the whole table; each deal is handled in its own transaction, with its row locked
and the conditions checked again, so that two processes running the check at once never handle
a deal twice.

Not wired to a timer here: ``run_idle_rules`` is meant for the task-reminder scheduler.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from models import automation_engine
from models.activity import Activity
from models.automation import DEAL_IDLE, AutomationRule, AutomationRun
from models.deal import Deal
from models.unit_of_work import unit_of_work

BATCH = 200


def _idle(rule: AutomationRule, cutoff: datetime) -> QuerySet[Deal]:
    recent_activity = Activity.filter(
        deal_id__isnull=False, deleted_at__isnull=True, occurred_at__gte=cutoff
    ).values("deal_id")
    handled = AutomationRun.filter(rule_id=rule.pk, at__gte=cutoff).values("deal_id")
    return (
        Deal.filter(
            pipeline_id=rule.pipeline_id,
            status="open",
            deleted_at__isnull=True,
            updated_at__lt=cutoff,
        )
        .exclude(id__in=Subquery(recent_activity))
        .exclude(id__in=Subquery(handled))
    )


async def _handle(rule: AutomationRule, deal_id: int, cutoff: datetime, now: datetime) -> int:
    async with unit_of_work():
        # Lock first, then check again: another process may have handled it meanwhile.
        deal = await Deal.select_for_update().get_or_none(pk=deal_id)
        if deal is None or not await _idle(rule, cutoff).filter(pk=deal_id).exists():
            return 0
        ran = await automation_engine.fire(DEAL_IDLE, deal, rules=[rule])
        if ran:
            await AutomationRun.create(rule_id=rule.pk, deal_id=deal.pk, at=now)
    return ran


async def run_idle_rules(now: datetime) -> int:
    """Run every active DEAL_IDLE rule on the deals idle at ``now``; returns how many (rule,
    deal) pairs ran."""
    ran = 0
    rules = await AutomationRule.filter(trigger=DEAL_IDLE, active=True).order_by("id")
    for rule in rules:
        cutoff = now - timedelta(days=rule.idle_days or 0)
        last = 0
        while True:
            page = await (
                _idle(rule, cutoff)
                .filter(id__gt=last)
                .order_by("id")
                .limit(BATCH)
                .values_list("id", flat=True)
            )
            if not page:
                break
            for deal_id in page:
                ran += await _handle(rule, int(deal_id), cutoff, now)  # type: ignore[call-overload]
            last = int(page[-1])  # type: ignore[call-overload]
    return ran
