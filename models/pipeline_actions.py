"""Changing a pipeline's stages: create, update, reorder. A stage is part of its pipeline, so
each change bumps the pipeline's version and is heard as an update of the pipeline's ``stages``,
in the same transaction as the change. The pipeline row is locked first, so that concurrent
stage changes of one pipeline are serialized (PostgreSQL; SQLite serializes writers anyway).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from models import events
from models.audit import write_audit
from models.errors import BadInput, Conflict, NotFound
from models.i18n import msg
from models.outbox import emit
from models.pipeline import Pipeline, Stage
from models.unit_of_work import unit_of_work

STAGES_CHANGED = ["stages"]


async def _locked_pipeline(pipeline_id: int) -> Pipeline:
    pipeline = await Pipeline.select_for_update().get_or_none(pk=pipeline_id)
    if pipeline is None:
        raise NotFound("No such pipeline")
    return pipeline


def _stage_values(stage: Stage) -> dict[str, Any]:
    return {
        "stage": stage.pk,
        "name": stage.name,
        "position": stage.position,
        "probability": stage.probability,
        "isWon": stage.is_won,
        "isLost": stage.is_lost,
    }


async def _touch(pipeline: Pipeline, actor_id: int | None) -> None:
    pipeline.version += 1
    await pipeline.save(update_fields=["version", "updated_at"])
    await emit(
        events.UPDATED,
        "pipeline",
        pipeline,
        changed=STAGES_CHANGED,
        topics=["pipeline", f"pipeline:{pipeline.pk}"],
        actor_id=actor_id,
    )


async def _renumber(pipeline_id: int, ordered: Sequence[Stage]) -> None:
    for position, stage in enumerate(ordered):
        if stage.position != position:
            stage.position = position
            stage.version += 1
            await stage.save(update_fields=["position", "version", "updated_at"])


async def create_stage(
    pipeline_id: int,
    values: Mapping[str, Any],
    index: int | None,
    actor_id: int | None,
) -> Stage:
    async with unit_of_work():
        pipeline = await _locked_pipeline(pipeline_id)
        stages = list(await Stage.filter(pipeline_id=pipeline_id).order_by("position", "id"))
        if index is None:
            index = len(stages)
        if not 0 <= index <= len(stages):
            raise BadInput(
                msg("position must be between 0 and {count}", count=len(stages)), field="position"
            )
        stage = Stage(pipeline_id=pipeline_id, position=index, **values)
        await stage.save()
        stages.insert(index, stage)
        await _renumber(pipeline_id, stages)
        await _touch(pipeline, actor_id)
        after = _stage_values(stage)
        await write_audit(actor_id, "pipeline.stageCreate", "pipeline", pipeline_id, None, after)
    return stage


async def update_stage(
    stage_id: int,
    values: Mapping[str, Any],
    expected_version: int | None,
    actor_id: int | None,
) -> Stage:
    async with unit_of_work():
        found = await Stage.get_or_none(pk=stage_id)
        if found is None:
            raise NotFound("No such stage")
        pipeline = await _locked_pipeline(found.pipeline_id)
        stage = await Stage.select_for_update().get(pk=stage_id)
        if expected_version is not None and stage.version != expected_version:
            raise Conflict(
                "Someone changed this stage since you read it", current_version=stage.version
            )
        before = _stage_values(stage)
        for column, value in values.items():
            setattr(stage, column, value)
        if stage.is_won and stage.is_lost:
            raise BadInput("A stage cannot be both won and lost", field="isLost")
        stage.version += 1
        await stage.save()
        await _touch(pipeline, actor_id)
        await write_audit(
            actor_id, "pipeline.stageUpdate", "pipeline", pipeline.pk, before, _stage_values(stage)
        )
    return stage


async def reorder_stages(
    pipeline_id: int,
    stage_ids: Sequence[int],
    expected_version: int | None,
    actor_id: int | None,
) -> Pipeline:
    async with unit_of_work():
        pipeline = await _locked_pipeline(pipeline_id)
        if expected_version is not None and pipeline.version != expected_version:
            raise Conflict(
                "Someone changed this pipeline since you read it",
                current_version=pipeline.version,
            )
        stages = {s.pk: s for s in await Stage.filter(pipeline_id=pipeline_id)}
        if sorted(stage_ids) != sorted(stages):
            raise BadInput("List every stage of the pipeline exactly once", field="stageIds")
        before = [s.pk for s in sorted(stages.values(), key=lambda s: (s.position, s.pk))]
        await _renumber(pipeline_id, [stages[pk] for pk in stage_ids])
        await _touch(pipeline, actor_id)
        await write_audit(
            actor_id,
            "pipeline.stageReorder",
            "pipeline",
            pipeline_id,
            {"stages": before},
            {"stages": list(stage_ids)},
        )
    return pipeline
