"""Segments: saved contact filters. The filter is stored as the client sent it and evaluated
with the reader's own permissions every time, so counts are live and never reveal more than the
reader's own contacts list would."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from models.base import Record


class Segment(Record):
    name = fields.CharField(max_length=100)
    # ContactFilter as GraphQL variables (camelCase keys).
    # ("filter" is a Model attribute in Tortoise, hence the column name.)
    conditions: fields.Field[Any] = fields.JSONField(default=dict)
    created_by_id = fields.BigIntField(null=True)
    # Behavioural conditions (purchases, spending, interactions) as SegmentBehaviour variables,
    # evaluated with the reader's permissions (resolvers/segment_behaviour.py); null: none.
    behaviour: fields.Field[Any] = fields.JSONField(null=True)

    class Meta:
        table = "segment"
        app = "tandem"
