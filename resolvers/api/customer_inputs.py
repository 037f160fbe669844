"""Inputs for companies and contacts. Unset attributes are left alone (and not permission-checked);
an explicit null clears a value."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import strawberry

from models.records import DECLARED
from resolvers.api.declared_inputs import create_input, update_input

Text = str | None
Texts = list[str] | None


@strawberry.input(description="Consent given (granted: true) or withdrawn, how and when")
class ConsentInput:
    granted: bool
    source: str = strawberry.field(description="How: web form, phone call, signed paper, ...")
    at: datetime | None = strawberry.field(default=None, description="When; now if left out")


# Derived from the declarations (models/records/customers.py, resolvers/api/declared_inputs.py).
CONSENT = {"consent": ConsentInput}
if TYPE_CHECKING:
    CompanyCreateInput = Any
    CompanyUpdateInput = Any
    ContactCreateInput = Any
    ContactUpdateInput = Any
else:
    CompanyCreateInput = create_input(DECLARED["company"], "CompanyCreateInput")
    CompanyUpdateInput = update_input(DECLARED["company"], "CompanyUpdateInput")
    ContactCreateInput = create_input(DECLARED["contact"], "ContactCreateInput", inputs=CONSENT)
    ContactUpdateInput = update_input(DECLARED["contact"], "ContactUpdateInput", inputs=CONSENT)
