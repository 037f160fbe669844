"""The caller's own preferences: the channels task reminders reach them by."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="How a task reminder reaches you")
class ReminderChannel(Enum):
    IN_APP = strawberry.enum_value("in_app", description="A notification in the app")
    EMAIL = strawberry.enum_value("email", description="An e-mail to your sign-in address")


@strawberry.input(description="Your preferences; only yours can be set")
class MyPreferencesInput:
    reminder_channels: list[ReminderChannel] = strawberry.field(
        description="Every channel your task reminders should use; empty: no reminders"
    )
