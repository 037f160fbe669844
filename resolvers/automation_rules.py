"""Automation rules of a pipeline: list, create, change, delete. Writing them is for roles
granted automationRule (Owner, Admin, Senior Manager); sales roles may read them."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.unset import UNSET

from models.automation import AutomationRule as RuleModel
from models.automation_rules import create_rule, delete_rule, update_rule
from models.errors import BadInput, NotFound
from models.global_ids import from_global_id
from models.pipeline import Pipeline as PipelineModel
from resolvers import automation_inputs as check
from resolvers.api.automation import AutomationRuleCreateInput, AutomationRuleUpdateInput
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]
OBJ = "automationRule"


async def _pipeline(info: Ctx, global_id: str) -> int:
    access = info.context.access("pipeline")
    access.require("read")
    pk = from_global_id(global_id, "Pipeline", field="pipelineId")
    if not await PipelineModel.exists(pk=pk):
        raise BadInput("No such pipeline", field="pipelineId")
    return pk


async def automation_rules(info: Ctx, pipeline_id: strawberry.ID) -> list[RuleModel]:
    info.context.access(OBJ).require("read")
    pk = await _pipeline(info, pipeline_id)
    rows = await RuleModel.filter(pipeline_id=pk).order_by("id")
    return list(rows)


async def automation_rule_create(info: Ctx, input: AutomationRuleCreateInput) -> RuleModel:
    access = info.context.access(OBJ)
    access.require("create")
    fields = ["name", "pipeline", "active", "trigger", "actions"]
    access.check_write(fields + (["conditions"] if input.conditions is not None else []))
    pipeline_id = await _pipeline(info, input.pipeline_id)
    values: dict[str, Any] = {
        "pipeline_id": pipeline_id,
        "name": check.name(input.name),
        "active": input.active,
        **await check.trigger(input.trigger, pipeline_id),
        "conditions": await check.conditions(input.conditions),
        "actions": await check.actions(input.actions, pipeline_id),
    }
    return await create_rule(values, access.user_id)


async def automation_rule_update(info: Ctx, input: AutomationRuleUpdateInput) -> RuleModel:
    access = info.context.access(OBJ)
    access.require("update")
    given = {f: getattr(input, f) for f in ("name", "active", "trigger", "conditions", "actions")}
    given = {f: v for f, v in given.items() if v is not UNSET}
    access.check_write(given)
    pk = from_global_id(input.id, "AutomationRule")
    rule = await RuleModel.get_or_none(pk=pk)
    if rule is None:
        raise NotFound("No such automation rule")
    values: dict[str, Any] = {}
    if "name" in given:
        values["name"] = check.name(given["name"])
    if "active" in given:
        if given["active"] is None:
            raise BadInput("active cannot be cleared", field="active")
        values["active"] = given["active"]
    if "trigger" in given:
        if given["trigger"] is None:
            raise BadInput("A rule needs a trigger", field="trigger")
        values.update(await check.trigger(given["trigger"], rule.pipeline_id))
    if "conditions" in given:
        values["conditions"] = await check.conditions(given["conditions"])
    if "actions" in given:
        values["actions"] = await check.actions(given["actions"] or [], rule.pipeline_id)
    row = await update_rule(pk, values, input.expected_version, access.user_id)
    return row


async def automation_rule_delete(info: Ctx, id: strawberry.ID) -> bool:
    access = info.context.access(OBJ)
    access.require("delete")
    await delete_rule(from_global_id(id, "AutomationRule"), access.user_id)
    return True
