"""Inputs for activities. Unset attributes are left alone; an explicit null clears a value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.records import DECLARED
from resolvers.api.declared_inputs import create_input, update_input

# Derived from the declaration (models/records/work.py, resolvers/api/declared_inputs.py).
if TYPE_CHECKING:
    ActivityLogInput = Any
    ActivityUpdateInput = Any
else:
    ActivityLogInput = create_input(DECLARED["activity"], "ActivityLogInput")
    ActivityUpdateInput = update_input(DECLARED["activity"], "ActivityUpdateInput")
