"""Checking an automation rule's trigger, conditions and actions, and turning them into the
stored shape (models/automation.py). Every mistake is BAD_USER_INPUT naming its path
("actions.1.stageId"): a stage of another pipeline, an unknown or inactive user, a missing title.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from models import automation as rules
from models import currencies
from models.activity import KINDS
from models.errors import BadInput
from models.global_ids import from_global_id
from models.i18n import msg
from models.pipeline import Stage
from models.user import User
from resolvers.api.automation import (
    AutomationActionInput,
    AutomationConditionsInput,
    AutomationTriggerInput,
)

MAX_ACTIONS = 10
MAX_DAYS = 365


async def _stage(global_id: str | None, pipeline_id: int, field: str) -> int:
    if global_id is None:
        raise BadInput("Name a stage", field=field)
    pk = from_global_id(global_id, "Stage", field=field)
    stage = await Stage.get_or_none(pk=pk)
    if stage is None or stage.pipeline_id != pipeline_id:
        raise BadInput("The stage must belong to the rule's pipeline", field=field)
    return pk


async def _user(global_id: str | None, field: str, *, required: bool) -> int | None:
    if global_id is None:
        if required:
            raise BadInput("Name a user", field=field)
        return None
    pk = from_global_id(global_id, "User", field=field)
    if not await User.filter(pk=pk, is_active=True).exists():
        raise BadInput("No such active user", field=field)
    return pk


def _days(value: int | None, field: str, *, low: int, required: bool) -> int | None:
    if value is None:
        if required:
            raise BadInput("Give a number of days", field=field)
        return None
    if not low <= value <= MAX_DAYS:
        raise BadInput(
            msg("Days must be between {low} and {max_days}", low=low, max_days=MAX_DAYS),
            field=field,
        )
    return value


async def trigger(value: AutomationTriggerInput, pipeline_id: int) -> dict[str, Any]:
    """Columns of the rule for its trigger; arguments other triggers take are cleared."""
    kind = value.kind.value
    out: dict[str, Any] = {
        "trigger": kind,
        "trigger_stage_id": None,
        "activity_kind": None,
        "idle_days": None,
    }
    if kind == rules.STAGE_ENTERED:
        out["trigger_stage_id"] = await _stage(value.stage_id, pipeline_id, "trigger.stageId")
    elif kind == rules.ACTIVITY_LOGGED and value.activity_kind is not None:
        if value.activity_kind not in KINDS:
            raise BadInput(
                msg("kind is one of {kinds}", kinds=", ".join(KINDS)), field="trigger.activityKind"
            )
        out["activity_kind"] = value.activity_kind
    elif kind == rules.DEAL_IDLE:
        out["idle_days"] = _days(value.days, "trigger.days", low=1, required=True)
    return out


async def conditions(value: AutomationConditionsInput | None) -> dict[str, Any]:
    if value is None:
        return {}
    out: dict[str, Any] = {}
    if value.amount_gte is not None:
        if value.amount_gte < 0:
            raise BadInput("An amount is not negative", field="conditions.amountGte")
        out["amountGte"] = str(value.amount_gte.quantize(Decimal("0.01")))
    if value.currency is not None:
        out["currency"] = currencies.iso_code(value.currency, "conditions.currency")
    if value.owner_id is not None:
        out["ownerId"] = await _user(value.owner_id, "conditions.ownerId", required=True)
    return out


async def _action(value: AutomationActionInput, pipeline_id: int, path: str) -> dict[str, Any]:
    kind = value.kind.value
    if kind == rules.MOVE_TO_STAGE:
        return {
            "kind": kind,
            "stageId": await _stage(value.stage_id, pipeline_id, f"{path}.stageId"),
        }
    if kind == rules.ASSIGN_OWNER:
        return {"kind": kind, "userId": await _user(value.user_id, f"{path}.userId", required=True)}
    user = await _user(value.user_id, f"{path}.userId", required=False)
    if kind == rules.CREATE_TASK:
        title = (value.title or "").strip()
        if not title or len(title) > 255:
            raise BadInput("A task needs a title (at most 255 characters)", field=f"{path}.title")
        days = _days(value.due_in_days, f"{path}.dueInDays", low=0, required=False)
        return {"kind": kind, "title": title, "dueInDays": days, "userId": user}
    text = (value.text or "").strip()
    if not text or len(text) > 1000:
        raise BadInput(
            "A notification needs a text (at most 1000 characters)", field=f"{path}.text"
        )
    return {"kind": kind, "text": text, "userId": user}


async def actions(values: list[AutomationActionInput], pipeline_id: int) -> list[dict[str, Any]]:
    if not 1 <= len(values) <= MAX_ACTIONS:
        raise BadInput(
            msg("A rule takes 1 to {max_actions} actions", max_actions=MAX_ACTIONS), field="actions"
        )
    return [await _action(v, pipeline_id, f"actions.{i}") for i, v in enumerate(values)]


def name(value: str | None) -> str:
    cleaned = (value or "").strip()
    if not cleaned or len(cleaned) > 100:
        raise BadInput("A rule needs a name (at most 100 characters)", field="name")
    return cleaned
