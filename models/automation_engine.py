"""Running automation rules, inside the transaction of the change that triggers them.

A deal created, a stage entered, an activity logged, a task completed (or a deal found idle by
models/automation_idle.py): the matching active rules of the deal's pipeline run their actions
in order, in the same transaction, so the change and everything its rules do commit together or
not at all. Actions run as the rule, not as the user who caused the change: no permission check
applies (the rule was checked when it was written), and the rule's author is the actor in the
audit trail and the outbox.

Loop guard: a change made by a rule may trigger rules again, but only ``MAX_DEPTH`` levels
deep; beyond that, rule-made changes trigger nothing (two rules moving a deal back and forth
stop after one round).
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import timedelta
from decimal import Decimal
from typing import Any

from models import clock, events
from models.access.catalogue import CATALOGUE
from models.audit import write_audit
from models.automation import (
    ACTIVITY_LOGGED,
    ASSIGN_OWNER,
    CREATE_TASK,
    MOVE_TO_STAGE,
    NOTIFY,
    STAGE_ENTERED,
    AutomationRule,
)
from models.automation_notify import notify_for_rule
from models.deal import Deal
from models.deal_history import record_stage_change
from models.deal_positions import end_of_column
from models.deal_status import settle
from models.errors import BadInput
from models.i18n import Message, msg
from models.outbox import columns_of, emit
from models.pipeline import Stage
from models.snapshot import values_of
from models.task import Task
from models.user import User

# Levels of rule-made changes that may trigger rules: 1 = a user's change triggers rules; 2 =
# what those rules do may trigger rules once more; changes at the last level trigger nothing.
MAX_DEPTH = 2
_depth: ContextVar[int] = ContextVar("automation_depth", default=0)
QUIET = frozenset({"version", "updated_at"})


class RuleFailed(BadInput):
    """A rule could not do what it declares (its user was deactivated): the whole triggering
    change is refused and nothing is written."""

    def __init__(self, rule: AutomationRule, reason: Message) -> None:
        super().__init__(
            msg("Automation rule '{name}' could not run: {reason}", name=rule.name, reason=reason),
            field="automationRule",
        )


def matches(conditions: dict[str, Any], deal: Deal) -> bool:
    """Every condition given must hold; an amount is compared only within its currency."""
    if "currency" in conditions and deal.currency != conditions["currency"]:
        return False
    if "amountGte" in conditions and Decimal(str(deal.amount)) < Decimal(
        str(conditions["amountGte"])
    ):
        return False
    return not ("ownerId" in conditions and deal.owner_id != conditions["ownerId"])


async def fire(
    trigger: str,
    deal: Deal,
    *,
    stage_id: int | None = None,
    activity_kind: str | None = None,
    rules: list[AutomationRule] | None = None,
) -> int:
    """Run the matching rules for ``deal``; returns how many ran. Call inside a transaction.
    ``rules``: the candidates when the caller has them already (the idle check)."""
    depth = _depth.get()
    if depth >= MAX_DEPTH or deal.deleted_at is not None:
        return 0
    if rules is None:
        query = AutomationRule.filter(pipeline_id=deal.pipeline_id, trigger=trigger, active=True)
        if trigger == STAGE_ENTERED:
            query = query.filter(trigger_stage_id=stage_id)
        rules = list(await query.order_by("id"))
    ran = 0
    token = _depth.set(depth + 1)
    try:
        for rule in rules:
            if trigger == ACTIVITY_LOGGED and rule.activity_kind not in (None, activity_kind):
                continue
            if not matches(rule.conditions or {}, deal):
                continue
            for action in rule.actions:
                await ACTION_RUNNERS[action["kind"]](rule, deal, action)
            ran += 1
    finally:
        _depth.reset(token)
    return ran


def _deal_topics(deal: Deal) -> list[str]:
    return ["deal", f"deal:{deal.pk}", f"pipeline:{deal.pipeline_id}"]


async def _active_user(rule: AutomationRule, user_id: int | None) -> int:
    if user_id is None:
        raise RuleFailed(rule, msg("the deal has no owner"))
    if not await User.filter(pk=user_id, is_active=True).exists():
        raise RuleFailed(rule, msg("its user is no longer active"))
    return user_id


async def _move_to_stage(rule: AutomationRule, deal: Deal, action: dict[str, Any]) -> None:
    stage_id = int(action["stageId"])
    if deal.stage_id == stage_id:
        return
    stage = await Stage.get_or_none(pk=stage_id)
    if stage is None or stage.pipeline_id != deal.pipeline_id:
        raise RuleFailed(rule, msg("its stage is not in the deal's pipeline"))
    actor = rule.created_by_id
    from_stage = deal.stage_id
    left = await Stage.get_or_none(pk=from_stage)
    deal.stage_id = stage_id
    deal.position = await end_of_column(stage_id)
    deal.version += 1
    # The status follows the stage, as for dealMove and dealUpdate.
    was = (deal.status, deal.closed_at)
    settle(deal, stage, from_stage=left, status_given=False)
    await record_stage_change(deal, from_stage, actor)
    await deal.save(
        update_fields=["stage_id", "position", "status", "closed_at", "version", "updated_at"]
    )
    await write_audit(
        actor,
        "automation.moveToStage",
        "deal",
        deal.pk,
        {"stage": from_stage},
        {"stage": stage_id, "automationRule": rule.pk},
    )
    await emit(
        events.MOVED,
        "deal",
        deal,
        changed=["stage_id", "position"]
        + (["status", "closed_at"] if (deal.status, deal.closed_at) != was else []),
        topics=_deal_topics(deal),
        actor_id=actor,
    )
    await fire(STAGE_ENTERED, deal, stage_id=stage_id)


async def _create_task(rule: AutomationRule, deal: Deal, action: dict[str, Any]) -> None:
    assignee = await _active_user(rule, action.get("userId") or deal.owner_id)
    days = action.get("dueInDays")
    actor = rule.created_by_id
    task = await Task.create(
        title=action["title"],
        due_at=clock.now() + timedelta(days=days) if days is not None else None,
        owner_id=assignee,
        assignee_id=assignee,
        creator_id=actor,
        department_id=deal.department_id,
        target_type="deal",
        target_id=deal.pk,
    )
    after = {**values_of(CATALOGUE["task"], task), "automationRule": rule.pk}
    await write_audit(actor, "automation.createTask", "task", task.pk, None, after)
    await emit(
        events.CREATED,
        "task",
        task,
        changed=columns_of(task).keys() - QUIET,
        topics=["task", f"task:{task.pk}", f"assignee:{assignee}"],
        actor_id=actor,
    )


async def _assign_owner(rule: AutomationRule, deal: Deal, action: dict[str, Any]) -> None:
    owner = await _active_user(rule, int(action["userId"]))
    if deal.owner_id == owner:
        return
    actor = rule.created_by_id
    before = deal.owner_id
    deal.owner_id = owner
    deal.version += 1
    await deal.save(update_fields=["owner_id", "version", "updated_at"])
    await write_audit(
        actor,
        "automation.assignOwner",
        "deal",
        deal.pk,
        {"owner": before},
        {"owner": owner, "automationRule": rule.pk},
    )
    # Subscribers re-check scope on this event, as on any change of owner.
    await emit(
        events.UPDATED,
        "deal",
        deal,
        changed=["owner_id"],
        topics=_deal_topics(deal),
        actor_id=actor,
    )


async def _notify(rule: AutomationRule, deal: Deal, action: dict[str, Any]) -> None:
    recipient = await _active_user(rule, action.get("userId") or deal.owner_id)
    await notify_for_rule(rule, deal, recipient, str(action["text"]))


ACTION_RUNNERS = {
    MOVE_TO_STAGE: _move_to_stage,
    CREATE_TASK: _create_task,
    ASSIGN_OWNER: _assign_owner,
    NOTIFY: _notify,
}
