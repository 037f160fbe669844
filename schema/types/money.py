"""Exchange rates."""

from __future__ import annotations

from datetime import datetime

import strawberry

from models.branding import Branding
from models.exchange import ExchangeRate as ExchangeRateModel
from resolvers import records
from schema.permission import record_type
from schema.types.node import Node


@record_type("exchangeRate", ExchangeRateModel)
class ExchangeRate(Node):
    version: int
    created_at: datetime
    updated_at: datetime


records.register("ExchangeRate", "exchangeRate", ExchangeRateModel)


@strawberry.type(description="The company's branding on its documents (PDF and XLSX)")
class CompanyBranding:
    name: str
    address: str
    email: str
    bank_details: str
    colour: str = strawberry.field(description="#rrggbb")

    @strawberry.field(description="Whether a logo is set (it is printed at the top left)")
    def has_logo(self, root: strawberry.Parent[Branding]) -> bool:
        return bool(root.logo_data_uri)
