"""Automation rules of a pipeline, as whoever may read them sees them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from models.automation import AutomationRule as RuleModel
from models.pipeline import Pipeline as PipelineModel
from models.pipeline import Stage as StageModel
from models.user import User as UserModel
from resolvers import records
from resolvers.api.automation import AutomationActionKind, AutomationTriggerKind
from resolvers.context import RequestContext
from schema.permission import record_type
from schema.types.node import Node
from schema.types.sales import Pipeline, Stage

if TYPE_CHECKING:
    from schema.types.accounts import User

UserRef = Annotated["User", strawberry.lazy("schema.types.accounts")]
Ctx = Info[RequestContext, None]


async def _user(info: Ctx, pk: int | None) -> Any:
    # Users outside the caller's directory show as null rather than failing the rule.
    if pk is None:
        return None
    row = await info.context.loaders.of(UserModel).load(pk)
    return row if info.context.access("user").visible(row) else None


@strawberry.type(description="What makes a rule run")
class AutomationTrigger:
    kind: AutomationTriggerKind
    activity_kind: str | None = strawberry.field(description="ACTIVITY_LOGGED: null = any kind")
    days: int | None = strawberry.field(description="DEAL_IDLE: days without change or activity")
    _stage_id: strawberry.Private[int | None]

    @strawberry.field(description="STAGE_ENTERED: the stage")
    async def stage(self, info: Ctx) -> Stage | None:
        return await records.related(info, "pipeline", StageModel, self._stage_id)


@strawberry.type(description="Every condition given must hold for the rule to run")
class AutomationConditions:
    amount_gte: Decimal | None
    currency: str | None
    _owner_id: strawberry.Private[int | None]

    @strawberry.field
    async def owner(self, info: Ctx) -> UserRef | None:
        return await _user(info, self._owner_id)


@strawberry.type(description="One step a rule takes, in order")
class AutomationAction:
    kind: AutomationActionKind
    title: str | None
    due_in_days: int | None
    text: str | None
    _stage_id: strawberry.Private[int | None]
    _user_id: strawberry.Private[int | None]

    @strawberry.field(description="MOVE_TO_STAGE: the stage")
    async def stage(self, info: Ctx) -> Stage | None:
        return await records.related(info, "pipeline", StageModel, self._stage_id)

    @strawberry.field(
        description="ASSIGN_OWNER: the new owner; CREATE_TASK, NOTIFY: the user (null: the "
        "deal's owner)"
    )
    async def user(self, info: Ctx) -> UserRef | None:
        return await _user(info, self._user_id)


@record_type("automationRule", RuleModel)
class AutomationRule(Node):
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field
    async def pipeline(self, root: strawberry.Parent[RuleModel], info: Ctx) -> Pipeline | None:
        return await records.related(info, "pipeline", PipelineModel, root.pipeline_id)

    @strawberry.field
    def trigger(self, root: strawberry.Parent[RuleModel]) -> AutomationTrigger | None:
        return AutomationTrigger(
            kind=AutomationTriggerKind(root.trigger),
            activity_kind=root.activity_kind,
            days=root.idle_days,
            _stage_id=root.trigger_stage_id,
        )

    @strawberry.field
    def conditions(self, root: strawberry.Parent[RuleModel]) -> AutomationConditions | None:
        found = root.conditions or {}
        amount = found.get("amountGte")
        return AutomationConditions(
            amount_gte=Decimal(amount) if amount is not None else None,
            currency=found.get("currency"),
            _owner_id=found.get("ownerId"),
        )

    @strawberry.field
    def actions(self, root: strawberry.Parent[RuleModel]) -> list[AutomationAction] | None:
        return [
            AutomationAction(
                kind=AutomationActionKind(a["kind"]),
                title=a.get("title"),
                due_in_days=a.get("dueInDays"),
                text=a.get("text"),
                _stage_id=a.get("stageId"),
                _user_id=a.get("userId"),
            )
            for a in root.actions or []
        ]

    @strawberry.field(description="The rule acts as its author")
    async def created_by(self, root: strawberry.Parent[RuleModel], info: Ctx) -> UserRef | None:
        return await _user(info, root.created_by_id)


records.register("AutomationRule", "automationRule", RuleModel)
