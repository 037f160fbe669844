"""Segments: saved contact filters with live counts, evaluated with the reader's permissions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from models.segment import Segment as SegmentModel
from resolvers import records
from resolvers.context import RequestContext
from resolvers.pages import Page
from resolvers.segments import matching
from schema.permission import record_type
from schema.types.connection import Connection
from schema.types.customers import Contact
from schema.types.node import Node

Ctx = Info[RequestContext, None]


@record_type("segment", SegmentModel, relations=("count", "contacts"))
class Segment(Node):
    version: int
    created_at: datetime
    updated_at: datetime

    @strawberry.field(description="The saved ContactFilter, as variables")
    def filter(self, root: strawberry.Parent[SegmentModel]) -> JSON | None:
        return root.conditions

    @strawberry.field(description="The saved SegmentBehaviour, as variables")
    def behaviour(self, root: strawberry.Parent[SegmentModel]) -> JSON | None:
        return root.behaviour

    @strawberry.field(description="Contacts matching now that you may see (live)")
    async def count(self, root: strawberry.Parent[SegmentModel], info: Ctx) -> int | None:
        page = await matching(info, root.conditions, 0, None, root.behaviour)
        return await page.count()

    @strawberry.field(
        description="The matching contacts you may see", graphql_type=Connection[Contact] | None
    )
    async def contacts(
        self,
        root: strawberry.Parent[SegmentModel],
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
    ) -> Page[Any]:
        return await matching(info, root.conditions, first, after, root.behaviour)


records.register("Segment", "segment", SegmentModel)
