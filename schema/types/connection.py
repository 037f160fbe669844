"""Relay connections: edges with cursors, page info, and a totalCount counted only when asked.

The resolvers return plain pages (resolvers/pages.py: the same attributes); these types say how
the API shows them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry

N = TypeVar("N")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Rows matching the filter that the caller may see")
    async def total_count(self) -> int:
        return await self.count()
