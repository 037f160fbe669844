"""Inputs for products. Unset attributes are left alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.records import DECLARED
from resolvers.api.declared_inputs import create_input, update_input

# Derived from the declaration (models/records/sales.py, resolvers/api/declared_inputs.py).
if TYPE_CHECKING:
    ProductCreateInput = Any
    ProductUpdateInput = Any
else:
    ProductCreateInput = create_input(DECLARED["product"], "ProductCreateInput")
    ProductUpdateInput = update_input(DECLARED["product"], "ProductUpdateInput")
