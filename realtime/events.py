"""The event envelope and its kinds, as realtime/ uses them.

They are domain data and live in models/events.py (the domain writes them to the outbox and must
not import realtime/); this module names them for realtime's consumers.
"""

from __future__ import annotations

from models.events import CREATED, DELETED, MOVED, UPDATED, Envelope

__all__ = ["CREATED", "DELETED", "MOVED", "UPDATED", "Envelope"]
