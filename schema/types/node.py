"""Global object ids: ``base64("Type:pk")``, opaque to clients, checked on the way back in."""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache

import strawberry

from models.errors import BadInput


@strawberry.interface(description="An object with a global id, refetchable with node(id:).")
class Node:
    id: strawberry.ID


@lru_cache(maxsize=32_768)
def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    # Cached: a board encodes a thousand ids, mostly the same ones request after request.
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode())


def parse_global_id(global_id: str) -> tuple[str, int] | None:
    """(type name, pk), or None for something that is not a global id."""
    try:
        type_name, _, raw = base64.urlsafe_b64decode(global_id.encode()).decode().partition(":")
        return type_name, int(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def from_global_id(global_id: str, expected: str | None = None, *, field: str = "id") -> int:
    parsed = parse_global_id(global_id)
    if parsed is None:
        raise BadInput("Not a valid id", field=field)
    type_name, pk = parsed
    if expected is not None and type_name != expected:
        raise BadInput(f"Expected the id of a {expected}", field=field)
    return pk
