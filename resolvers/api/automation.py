"""Inputs of automation rules, and the kinds of trigger and action they name."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

import strawberry


@strawberry.enum
class AutomationTriggerKind(Enum):
    DEAL_CREATED = "deal_created"
    STAGE_ENTERED = "stage_entered"
    ACTIVITY_LOGGED = "activity_logged"
    TASK_COMPLETED = "task_completed"
    DEAL_IDLE = "deal_idle"


@strawberry.enum
class AutomationActionKind(Enum):
    MOVE_TO_STAGE = "move_to_stage"
    CREATE_TASK = "create_task"
    ASSIGN_OWNER = "assign_owner"
    NOTIFY = "notify"


@strawberry.input
class AutomationTriggerInput:
    kind: AutomationTriggerKind
    stage_id: strawberry.ID | None = strawberry.field(default=None, description="STAGE_ENTERED")
    activity_kind: str | None = strawberry.field(
        default=None, description="ACTIVITY_LOGGED: call, email, meeting, note, sms, chat; or any"
    )
    days: int | None = strawberry.field(default=None, description="DEAL_IDLE: 1 to 365")


@strawberry.input
class AutomationConditionsInput:
    amount_gte: Decimal | None = None
    currency: str | None = None
    owner_id: strawberry.ID | None = None


@strawberry.input
class AutomationActionInput:
    kind: AutomationActionKind
    stage_id: strawberry.ID | None = strawberry.field(default=None, description="MOVE_TO_STAGE")
    title: str | None = strawberry.field(default=None, description="CREATE_TASK")
    due_in_days: int | None = strawberry.field(default=None, description="CREATE_TASK, 0-365")
    user_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="ASSIGN_OWNER (required); CREATE_TASK assignee, NOTIFY recipient (null: "
        "the deal's owner)",
    )
    text: str | None = strawberry.field(default=None, description="NOTIFY")


@strawberry.input
class AutomationRuleCreateInput:
    pipeline_id: strawberry.ID
    name: str
    trigger: AutomationTriggerInput
    actions: list[AutomationActionInput]
    conditions: AutomationConditionsInput | None = None
    active: bool = True


@strawberry.input
class AutomationRuleUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    name: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET
    trigger: AutomationTriggerInput | None = strawberry.UNSET
    conditions: AutomationConditionsInput | None = strawberry.UNSET
    actions: list[AutomationActionInput] | None = strawberry.UNSET
