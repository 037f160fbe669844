"""Fixed-window request counters in the database, so a limit holds across server processes."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class RateBucket(Model):
    # One counter per key ("form-key:3", "form-ip:203.0.113.9") for the window it started.
    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=200, unique=True)
    window_start = fields.DatetimeField()
    count = fields.IntField(default=0)

    class Meta:
        table = "rate_bucket"
        app = "tandem"
