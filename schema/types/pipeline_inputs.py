"""Inputs for pipelines and their stages. Unset attributes are left alone."""

from __future__ import annotations

import strawberry
from strawberry import UNSET


@strawberry.input
class PipelineCreateInput:
    name: str
    department_id: strawberry.ID | None = UNSET
    position: int | None = UNSET


@strawberry.input
class PipelineUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    name: str | None = UNSET
    department_id: strawberry.ID | None = UNSET
    position: int | None = UNSET


@strawberry.input
class StageCreateInput:
    pipeline_id: strawberry.ID
    name: str
    position: int | None = strawberry.field(
        default=None, description="Index among the pipeline's stages; the end when omitted"
    )
    probability: int | None = UNSET
    is_won: bool | None = UNSET
    is_lost: bool | None = UNSET
    color: str | None = UNSET


@strawberry.input
class StageUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    name: str | None = UNSET
    probability: int | None = UNSET
    is_won: bool | None = UNSET
    is_lost: bool | None = UNSET
    color: str | None = UNSET


@strawberry.input
class StageReorderInput:
    pipeline_id: strawberry.ID
    stage_ids: list[strawberry.ID] = strawberry.field(description="Every stage, in the new order")
    expected_version: int | None = None
