"""Sales pipelines (one funnel per department) and their ordered stages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from models.base import Record

if TYPE_CHECKING:
    from models.department import Department


class Pipeline(Record):
    name = fields.CharField(max_length=100)
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "tandem.Department", related_name="pipelines", null=True, on_delete=fields.SET_NULL
    )
    department_id: int | None
    position = fields.IntField(default=0)

    class Meta:
        table = "pipeline"
        app = "tandem"

    def __str__(self) -> str:
        return self.name


class Stage(Record):
    pipeline: fields.ForeignKeyRelation[Pipeline] = fields.ForeignKeyField(
        "tandem.Pipeline", related_name="stages", on_delete=fields.CASCADE
    )
    pipeline_id: int
    name = fields.CharField(max_length=100)
    position = fields.IntField()
    # Default win probability in percent (0-100) for deals in this stage.
    probability = fields.IntField(default=0)
    is_won = fields.BooleanField(default=False)
    is_lost = fields.BooleanField(default=False)
    color = fields.CharField(max_length=7, default="#888888")

    class Meta:
        table = "stage"
        app = "tandem"

    def __str__(self) -> str:
        return self.name
