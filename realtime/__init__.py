"""Realtime pub/sub bus: broadcaster backends with the faults of broadcaster 0.3.1 fixed."""

from __future__ import annotations

from realtime.bus import Bus, Subscription
from realtime.errors import BusUnavailable, SubscriberTooSlow

__all__ = ["Bus", "BusUnavailable", "SubscriberTooSlow", "Subscription"]
