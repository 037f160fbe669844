"""The Node interface and the ``ID``-typed encoder of global ids.

The codec itself is plain and lives in models/global_ids.py, so that resolvers, exports and the
domain use it without importing schema/. ``parse_global_id``, ``from_global_id``, ``MIN_KEY`` and
``MAX_KEY`` are re-exported for the modules that still import them from here.
"""

from __future__ import annotations

from functools import lru_cache

import strawberry

from models.global_ids import MAX_KEY, MIN_KEY, from_global_id, global_id, parse_global_id

__all__ = ["MAX_KEY", "MIN_KEY", "Node", "from_global_id", "parse_global_id", "to_global_id"]


@strawberry.interface(description="An object with a global id, refetchable with node(id:).")
class Node:
    id: strawberry.ID


@lru_cache(maxsize=32_768)
def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    # Cached: a board encodes a thousand ids, mostly the same ones request after request.
    return strawberry.ID(global_id(type_name, pk))
