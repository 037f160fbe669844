"""Where automation rules are triggered: after-write hooks of deals, activities and tasks.

Each hook runs inside the write's transaction (models/record_actions.py ``Change.after``), so a
rule's actions commit with the change that triggered them, or roll back with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models import automation_engine
from models.automation import ACTIVITY_LOGGED, DEAL_CREATED, STAGE_ENTERED, TASK_COMPLETED
from models.deal import Deal
from models.deal_history import record_stage_change


async def after_deal_write(
    verb: str, deal: Deal, before: Mapping[str, Any] | None, actor_id: int | None
) -> None:
    if verb == "create":
        await automation_engine.fire(DEAL_CREATED, deal)
        return
    if before is not None and before.get("stage_id") != deal.stage_id:
        # dealUpdate changed the stage: history as for dealMove (the row is saved already, so
        # the history row is written after it, in the same transaction).
        await record_stage_change(deal, before.get("stage_id"), actor_id)
        await automation_engine.fire(STAGE_ENTERED, deal, stage_id=deal.stage_id)


async def _deal(deal_id: int | None) -> Deal | None:
    if deal_id is None:
        return None
    return await Deal.select_for_update().get_or_none(pk=deal_id, deleted_at__isnull=True)


async def after_activity_write(
    verb: str, activity: Any, before: Mapping[str, Any] | None, actor_id: int | None
) -> None:
    if verb != "create":
        return
    deal = await _deal(activity.deal_id)
    if deal is not None:
        await automation_engine.fire(ACTIVITY_LOGGED, deal, activity_kind=activity.kind)


async def after_task_write(
    verb: str, task: Any, before: Mapping[str, Any] | None, actor_id: int | None
) -> None:
    completed = (
        verb == "update" and before is not None and before.get("status") != "done"
    ) and task.status == "done"
    if not completed or task.target_type != "deal":
        return
    deal = await _deal(task.target_id)
    if deal is not None:
        await automation_engine.fire(TASK_COMPLETED, deal)
