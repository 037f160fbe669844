"""A row scope as a value: what ``Gate.scope`` decides for one principal and object, hashable,
and the filter built from it alone.

``Gate.scope`` builds its filter through ``scope_filter`` from the key ``Gate.scope_key``
returns, so two equal keys cannot give different rows: a statement built from a scope may be
kept under its key (models/access/rows.py ``readable_statement``) without a chance of handing
one caller's statement to another whose rows differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q


@dataclass(frozen=True, slots=True)
class ScopeKey:
    """The caller's rows of an object: those addressed to them (``recipient``: a notification's
    user), or those they own, are assigned (``assignee``) or whose department is one of theirs
    (``departments``, empty unless the scope is "department")."""

    user_id: int
    recipient: str | None = None
    assignee: str | None = None
    departments: frozenset[int] = field(default_factory=frozenset)


def scope_filter(key: ScopeKey) -> Q:
    if key.recipient is not None:
        addressed: dict[str, Any] = {key.recipient: key.user_id}
        return Q(**addressed)
    mine = Q(owner_id=key.user_id)
    if key.assignee is not None:
        assigned: dict[str, Any] = {key.assignee: key.user_id}
        mine |= Q(**assigned)
    if key.departments:
        return mine | Q(department_id__in=sorted(key.departments))
    return mine
