"""Inputs for pipelines and their stages. Unset attributes are left alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import UNSET

from models.records import DECLARED
from resolvers.api.declared_inputs import create_input, update_input


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


# Derived from the declaration (models/records/sales.py, resolvers/api/declared_inputs.py).
if TYPE_CHECKING:
    PipelineCreateInput = Any
    PipelineUpdateInput = Any
else:
    PipelineCreateInput = create_input(DECLARED["pipeline"], "PipelineCreateInput")
    PipelineUpdateInput = update_input(DECLARED["pipeline"], "PipelineUpdateInput")
