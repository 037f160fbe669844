"""Inputs of leads: the declared ones (models/records/work.py) and conversion."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import UNSET

from models.records import DECLARED
from resolvers.api.declared_inputs import create_input, list_inputs, update_input


@strawberry.input
class DealDraftInput:
    stage_id: strawberry.ID
    title: str
    amount: Decimal | None = UNSET


@strawberry.input
class LeadConvertInput:
    id: strawberry.ID
    expected_version: int | None = None
    create_company: bool = strawberry.field(
        default=False, description="Also create a company named after the lead's companyName"
    )
    create_deal: DealDraftInput | None = None


# Derived from the declaration (models/records/work.py, resolvers/api/declared_inputs.py).
if TYPE_CHECKING:
    LeadFilter = Any
    LeadOrder = Any
    LeadCreateInput = Any
    LeadUpdateInput = Any
else:
    LeadFilter, LeadSortField, LeadOrder = list_inputs(DECLARED["lead"])
    LeadCreateInput = create_input(DECLARED["lead"], "LeadCreateInput")
    LeadUpdateInput = update_input(DECLARED["lead"], "LeadUpdateInput")
