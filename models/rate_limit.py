"""Fixed-window request counters in the database, so a limit holds across server processes."""

from __future__ import annotations

import math
from datetime import timedelta

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import clock

# Buckets whose window started this long ago are deleted when new keys arrive.
STALE = timedelta(days=1)


class RateBucket(Model):
    # One counter per key ("form-key:3", "form-ip:203.0.113.9") for the window it started.
    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=200, unique=True)
    window_start = fields.DatetimeField()
    count = fields.IntField(default=0)

    class Meta:
        table = "rate_bucket"
        app = "tandem"


async def take(key: str, limit: int, window: timedelta) -> int | None:
    """Count one request against ``key``: None if allowed, else seconds until it would be."""
    now = clock.now()
    async with in_transaction():
        bucket = await RateBucket.select_for_update().get_or_none(key=key)
        if bucket is None:
            # A new key: forget windows long gone, so the table holds only recent callers.
            await RateBucket.filter(window_start__lt=now - STALE).delete()
            try:
                async with in_transaction():
                    await RateBucket.create(key=key, window_start=now, count=1)
                return None
            except IntegrityError:
                # Another request created it a moment ago: count against that one.
                bucket = await RateBucket.select_for_update().get(key=key)
        if now - bucket.window_start >= window:
            bucket.window_start, bucket.count = now, 1
        elif bucket.count >= limit:
            left = (bucket.window_start + window - now).total_seconds()
            return max(1, math.ceil(left))
        else:
            bucket.count += 1
        await bucket.save(update_fields=["window_start", "count"])
        return None
