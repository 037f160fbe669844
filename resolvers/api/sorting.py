"""Sort direction, shared by every order input and compared by the list builder."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"
