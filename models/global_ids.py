"""Global ids: ``base64("Type:pk")``, the public identity of a record, opaque to clients and
checked on the way back in.

Plain strings, no GraphQL: the API (schema/types/node.py types them as ``ID``), the resolvers, the
export columns and @mentions in comment bodies all speak this one format, so it sits in the lowest
layer (docs/architecture.md, "Open: schema and resolvers").
"""

from __future__ import annotations

import base64
import binascii

from models.errors import BadInput, NotFound
from models.i18n import msg

# Every table's key is a BIGINT counted from 1: a key outside that range names no record. It is
# NOT_FOUND on every path that takes an id (node, nodes, filters, mutations, links), decided
# here before any query, where the database would fail on the out-of-range value.
MIN_KEY, MAX_KEY = 1, 2**63 - 1
# base64.urlsafe_b64encode's alphabet, without its two Python calls per id (a page of 100
# records with a relation makes 200 ids).
URL_SAFE = bytes.maketrans(b"+/", b"-_")


def global_id(type_name: str, pk: int) -> str:
    raw = f"{type_name}:{pk}".encode()
    return binascii.b2a_base64(raw, newline=False).translate(URL_SAFE).decode()


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
    """The key of ``global_id``; BAD_USER_INPUT (at ``field``) for something that is not a
    global id, or not one of an ``expected`` type."""
    parsed = parse_global_id(global_id)
    if parsed is None:
        raise BadInput("Not a valid id", field=field)
    type_name, pk = parsed
    if expected is not None and type_name != expected:
        raise BadInput(msg("Expected the id of a {expected}", expected=expected), field=field)
    return pk
