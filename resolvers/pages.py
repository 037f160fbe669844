"""A page of a list as the list builder returns it: rows with their cursors, where the page
stands, and the count of every row that matches, computed only when asked.

Plain data: schema/types/connection.py declares the GraphQL ``Connection`` that reads it, so
the resolvers build pages without naming a GraphQL type.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

R = TypeVar("R")


@dataclass(slots=True)
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@dataclass(slots=True)
class Edge(Generic[R]):
    cursor: str
    node: R


@dataclass(slots=True)
class Page(Generic[R]):
    edges: list[Edge[R]]
    page_info: PageInfo
    # Rows matching the filter that the caller may see: one COUNT, run only if asked.
    count: Callable[[], Awaitable[int]]


def page_of(
    rows: Sequence[R],
    size: int,
    cursor: Callable[[R], str],
    *,
    after: str | None,
    count: Callable[[], Awaitable[int]],
) -> Page[R]:
    """The page of a keyset list fetched with ``limit(size + 1)``: the extra row only says that
    there is a next page. For the small lists outside the list builder (jobs, deliveries)."""
    edges = [Edge(cursor=cursor(row), node=row) for row in rows[:size]]
    return Page(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )
