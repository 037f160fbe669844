"""Exchange rates."""

from __future__ import annotations

from datetime import datetime

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
