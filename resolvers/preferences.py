"""The caller's own preferences (``myPreferences``, ``myPreferencesUpdate``).

They belong to a person: the mutation has no user argument (it sets the caller's, and only
the caller's), and an API key may neither read nor set them (a key acts for its creator in
the data, not as them in how they are reached)."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.types import Info

from models import user_preferences
from models.access.principal import Principal
from models.errors import Forbidden
from resolvers.api.preference_inputs import MyPreferencesInput, ReminderChannel
from resolvers.context import RequestContext


@dataclass(frozen=True, slots=True)
class MyPreferences:
    reminder_channels: list[ReminderChannel]


def _person(info: Info[RequestContext, None]) -> Principal:
    principal = info.context.require_principal()
    if principal.api_key_id is not None:
        raise Forbidden("Preferences belong to people; API keys cannot read or set them")
    return principal


def _answer(channels: list[str]) -> MyPreferences:
    return MyPreferences([ReminderChannel(c) for c in channels])


async def my_preferences(info: Info[RequestContext, None]) -> MyPreferences:
    return _answer(await user_preferences.reminder_channels_of(_person(info).user_id))


async def my_preferences_update(
    info: Info[RequestContext, None], input: MyPreferencesInput
) -> MyPreferences:
    channels = [str(c.value) for c in input.reminder_channels]
    return _answer(await user_preferences.set_reminder_channels(_person(info).user_id, channels))
