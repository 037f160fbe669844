"""Inputs for tasks. Unset attributes are left alone; an explicit null clears a value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import UNSET

from models.records import DECLARED
from resolvers.api.declared_inputs import Attr, create_input, update_input


@strawberry.input
class TaskCompleteInput:
    id: strawberry.ID
    expected_version: int | None = None


# Derived from the declaration (models/records/work.py, resolvers/api/declared_inputs.py); the
# linked record is any of three types, checked by the resolver (resolvers/tasks.py).
LINKED = Attr(
    "linked_record_id",
    strawberry.ID | None,
    UNSET,
    "A deal, contact or company the caller may see",
)
if TYPE_CHECKING:
    TaskCreateInput = Any
    TaskUpdateInput = Any
else:
    TaskCreateInput = create_input(DECLARED["task"], "TaskCreateInput", extra=(LINKED,))
    TaskUpdateInput = update_input(DECLARED["task"], "TaskUpdateInput", extra=(LINKED,))
