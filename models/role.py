"""Roles: a level (rank) plus permission data, interpreted by models/access/policy.py."""

from __future__ import annotations

from tortoise import fields

from models.base import Record


class Role(Record):
    name = fields.CharField(max_length=100, unique=True)
    # Higher is more senior. A principal may only create or assign roles of a lower level.
    level = fields.IntField()
    # The template this role was created from ("owner", "salesperson", ...), null for custom roles.
    template = fields.CharField(max_length=50, null=True)
    # {object: {"ops", "readScope", "writeScope", "fields": {field: "read"|"write"}}}; see
    # models/access/policy.py. Custom roles store it normalised (Policy.to_data).
    permissions: fields.Field[dict] = fields.JSONField(default=dict)

    class Meta:
        table = "role"
        app = "tandem"

    def __str__(self) -> str:
        return self.name
