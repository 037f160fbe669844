"""Company settings and exchange rates: the base currency every report is in, and the dated
rates (set by hand) that convert a document's own currency into it."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.base import Record


class CompanySetting(Model):
    # One row per setting (key/value): company-wide facts kept in the database so that every
    # process reads the same value and an administrator can change them without a restart.
    key = fields.CharField(max_length=64, primary_key=True)
    value = fields.CharField(max_length=255)

    class Meta:
        table = "company_setting"
        app = "tandem"


class ExchangeRate(Record):
    # 1 unit of ``currency`` is worth ``rate`` units of the base currency from ``valid_on`` on,
    # until the next dated rate of the same currency. One rate per currency and day.
    currency = fields.CharField(max_length=3)
    rate = fields.DecimalField(max_digits=20, decimal_places=8)
    valid_on = fields.DateField()

    class Meta:
        table = "exchange_rate"
        app = "tandem"
        unique_together = (("currency", "valid_on"),)
