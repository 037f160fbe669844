"""The caller's own preferences (resolvers/preferences.py)."""

from __future__ import annotations

import strawberry

from resolvers.api.preference_inputs import ReminderChannel


@strawberry.type(description="Your own preferences; nobody else sees or sets them")
class MyPreferences:
    reminder_channels: list[ReminderChannel] = strawberry.field(
        description="How your task reminders reach you (none: no reminders)"
    )
