"""Pipelines and their stages: create, update, reorder; access to ``pipeline`` decides.

A pipeline is shared (not owned): the operation and field-write checks apply, row scope does
not. Stages are part of their pipeline: changing them is a write of ``pipeline.stages``.
"""

from __future__ import annotations

import re
from typing import Any

from strawberry.types import Info
from strawberry.types.unset import UNSET

from models import pipeline_actions
from models.errors import BadInput
from models.global_ids import from_global_id
from models.i18n import msg
from models.pipeline import Pipeline as PipelineModel
from models.pipeline import Stage as StageModel
from models.record_actions import Change, create_record, update_record
from models.records import DECLARED
from models.records.declaration import camel
from resolvers import record_writes
from resolvers.api.pipeline_inputs import (
    PipelineCreateInput,
    PipelineUpdateInput,
    StageCreateInput,
    StageReorderInput,
    StageUpdateInput,
)
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


PIPELINE_WRITES = record_writes.declared(DECLARED["pipeline"])


def _change(info: Ctx) -> Change:
    def topics(row: Any) -> list[str]:
        return ["pipeline", f"pipeline:{row.pk}"]

    return Change("pipeline", info.context.require_principal().user_id, topics)


async def pipeline_create(info: Ctx, input: PipelineCreateInput) -> PipelineModel:
    info.context.access("pipeline").require("create")
    values = await record_writes.checked_values(info, PIPELINE_WRITES, input)
    row = await create_record(PipelineModel, values, lambda row: None, _change(info))
    return row


async def pipeline_update(info: Ctx, input: PipelineUpdateInput) -> PipelineModel:
    info.context.access("pipeline").require("update")
    pk = from_global_id(input.id, "Pipeline")
    values = await record_writes.checked_values(info, PIPELINE_WRITES, input)
    row = await update_record(
        PipelineModel,
        pk,
        values,
        input.expected_version,
        _change(info),
        check_before=lambda row: None,
        check_after=lambda row: None,
    )
    return row


STAGE_ATTRS = ("name", "probability", "is_won", "is_lost", "color")


def _stage_values(input: Any) -> dict[str, Any]:
    values = {a: getattr(input, a) for a in STAGE_ATTRS if getattr(input, a, UNSET) is not UNSET}
    for attr, value in values.items():
        if value is None:
            raise BadInput(msg("{field} cannot be cleared", field=camel(attr)), field=attr)
    if "name" in values:
        values["name"] = values["name"].strip()
        if not values["name"]:
            raise BadInput("A stage needs a name", field="name")
    if "probability" in values and not 0 <= values["probability"] <= 100:
        raise BadInput("Probability is a percentage, 0 to 100", field="probability")
    if "color" in values and not COLOR.match(values["color"]):
        raise BadInput("Colour is #rrggbb", field="color")
    if values.get("is_won") and values.get("is_lost"):
        raise BadInput("A stage cannot be both won and lost", field="isLost")
    return values


def _may_change_stages(info: Ctx) -> None:
    access = info.context.access("pipeline")
    access.require("update")
    access.check_write(["stages"])


async def stage_create(info: Ctx, input: StageCreateInput) -> StageModel:
    _may_change_stages(info)
    pipeline_id = from_global_id(input.pipeline_id, "Pipeline", field="pipelineId")
    values = _stage_values(input)
    row = await pipeline_actions.create_stage(
        pipeline_id,
        values,
        input.position,
        info.context.require_principal().user_id,
    )
    return row


async def stage_update(info: Ctx, input: StageUpdateInput) -> StageModel:
    _may_change_stages(info)
    pk = from_global_id(input.id, "Stage")
    row = await pipeline_actions.update_stage(
        pk,
        _stage_values(input),
        input.expected_version,
        info.context.require_principal().user_id,
    )
    return row


async def stage_reorder(info: Ctx, input: StageReorderInput) -> PipelineModel:
    _may_change_stages(info)
    pipeline_id = from_global_id(input.pipeline_id, "Pipeline", field="pipelineId")
    ids = [from_global_id(i, "Stage", field="stageIds") for i in input.stage_ids]
    row = await pipeline_actions.reorder_stages(
        pipeline_id,
        ids,
        input.expected_version,
        info.context.require_principal().user_id,
    )
    return row
