"""Global object ids: ``base64("Type:pk")``, opaque to clients, checked on the way back in."""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache

import strawberry

from models.errors import BadInput, NotFound

# Every table's key is a BIGINT counted from 1: a key outside that range names no record. It is
# NOT_FOUND on every path that takes an id (node, nodes, filters, mutations, links), decided
# here before any query, where the database would fail on the out-of-range value.
MIN_KEY, MAX_KEY = 1, 2**63 - 1


@strawberry.interface(description="An object with a global id, refetchable with node(id:).")
class Node:
    id: strawberry.ID


@lru_cache(maxsize=32_768)
def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    # Cached: a board encodes a thousand ids, mostly the same ones request after request.
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode())


def parse_global_id(global_id: str) -> tuple[str, int] | None:
    """(type name, pk), or None for something that is not a global id; NOT_FOUND for a
    well-formed id whose key no table can hold."""
    try:
        type_name, _, raw = base64.urlsafe_b64decode(global_id.encode()).decode().partition(":")
        pk = int(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not MIN_KEY <= pk <= MAX_KEY:
        raise NotFound("No such record")
    return type_name, pk


def from_global_id(global_id: str, expected: str | None = None, *, field: str = "id") -> int:
    parsed = parse_global_id(global_id)
    if parsed is None:
        raise BadInput("Not a valid id", field=field)
    type_name, pk = parsed
    if expected is not None and type_name != expected:
        raise BadInput(f"Expected the id of a {expected}", field=field)
    return pk
