"""Typed filters and closed sort enums per object; the list builder checks each against access."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.records import DECLARED
from resolvers.api.declared_inputs import list_inputs

# The record types declared in models/records/: filter, closed sort enum and order input of
# each are derived from the declaration (resolvers/api/declared_inputs.py).
if TYPE_CHECKING:
    CompanyFilter = Any
    CompanyOrder = Any
    ContactFilter = Any
    ContactOrder = Any
    DealFilter = Any
    DealOrder = Any
    ProductFilter = Any
    ProductOrder = Any
    ActivityFilter = Any
    ActivityOrder = Any
    TaskFilter = Any
    TaskOrder = Any
else:
    CompanyFilter, CompanySortField, CompanyOrder = list_inputs(DECLARED["company"])
    ContactFilter, ContactSortField, ContactOrder = list_inputs(DECLARED["contact"])
    DealFilter, DealSortField, DealOrder = list_inputs(DECLARED["deal"])
    ProductFilter, ProductSortField, ProductOrder = list_inputs(DECLARED["product"])
    ActivityFilter, ActivitySortField, ActivityOrder = list_inputs(DECLARED["activity"])
    TaskFilter, TaskSortField, TaskOrder = list_inputs(DECLARED["task"])
