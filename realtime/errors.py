"""Exceptions raised by the realtime bus.

They live in their own module so that the backend and the bus can both raise them
without importing each other.
"""

from __future__ import annotations


class BusUnavailable(Exception):
    """The message broker cannot be reached (at start, or for a publish while it is down)."""


class SubscriberTooSlow(Exception):
    """The subscriber's bounded queue overflowed and the bus dropped it.

    Raised from the subscription's iterator so that the websocket layer can close the
    socket with a clear reason; the client should resubscribe and replay from its cursor.
    """
