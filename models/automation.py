"""Automation rules: per pipeline, when something happens to a deal, do something declared.

A rule is data: a trigger (what happened), simple conditions on the deal, and an ordered list
of actions. models/automation_engine.py runs them inside the triggering change's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import Record

if TYPE_CHECKING:
    from models.deal import Deal
    from models.pipeline import Pipeline, Stage
    from models.user import User

DEAL_CREATED = "deal_created"
STAGE_ENTERED = "stage_entered"
ACTIVITY_LOGGED = "activity_logged"
TASK_COMPLETED = "task_completed"
DEAL_IDLE = "deal_idle"
TRIGGERS = (DEAL_CREATED, STAGE_ENTERED, ACTIVITY_LOGGED, TASK_COMPLETED, DEAL_IDLE)

MOVE_TO_STAGE = "move_to_stage"
CREATE_TASK = "create_task"
ASSIGN_OWNER = "assign_owner"
NOTIFY = "notify"
ACTIONS = (MOVE_TO_STAGE, CREATE_TASK, ASSIGN_OWNER, NOTIFY)


class AutomationRule(Record):
    pipeline: fields.ForeignKeyRelation[Pipeline] = fields.ForeignKeyField(
        "tandem.Pipeline", related_name="automation_rules", on_delete=fields.CASCADE
    )
    pipeline_id: int
    name = fields.CharField(max_length=100)
    active = fields.BooleanField(default=True)
    trigger = fields.CharField(max_length=20)
    # Trigger arguments: the stage entered, the kind of activity logged (any when null), the
    # number of idle days.
    trigger_stage: fields.ForeignKeyNullableRelation[Stage] = fields.ForeignKeyField(
        "tandem.Stage", related_name=False, null=True, on_delete=fields.CASCADE
    )
    trigger_stage_id: int | None
    activity_kind = fields.CharField(max_length=10, null=True)
    idle_days = fields.IntField(null=True)
    # {"amountGte": "1000.00", "currency": "EUR", "ownerId": 3}: every key given must hold.
    conditions: fields.Field[Any] = fields.JSONField(default=dict)
    # [{"kind": "move_to_stage", "stageId": 4}, {"kind": "create_task", "title": "Call",
    # "dueInDays": 2, "userId": null}, ...]; userId null means the deal's owner.
    actions: fields.Field[Any] = fields.JSONField(default=list)
    # Actions run as the rule; this user is their actor in the audit trail and the outbox.
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "tandem.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None

    class Meta:
        table = "automation_rule"
        app = "tandem"
        indexes = (("pipeline_id", "trigger"),)

    def __str__(self) -> str:
        return self.name


class AutomationRun(Model):
    # One firing of an idle rule for a deal, so a deal that stays idle is not handled again
    # until it has been idle for the rule's days once more.
    id = fields.BigIntField(primary_key=True)
    rule: fields.ForeignKeyRelation[AutomationRule] = fields.ForeignKeyField(
        "tandem.AutomationRule", related_name="runs", on_delete=fields.CASCADE
    )
    deal: fields.ForeignKeyRelation[Deal] = fields.ForeignKeyField(
        "tandem.Deal", related_name=False, on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    rule_id: int
    deal_id: int

    class Meta:
        table = "automation_run"
        app = "tandem"
        indexes = (("rule_id", "deal_id", "at"),)
