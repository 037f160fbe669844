"""A user's own preferences: how task reminders reach them (in the app, by e-mail, both or
neither). Each user sets their own (``myPreferencesUpdate``); nobody sets another's: the
action takes the caller's id, never one from the input."""

from __future__ import annotations

from collections.abc import Iterable

from models.audit import write_audit
from models.errors import NotFound
from models.unit_of_work import unit_of_work
from models.user import User

IN_APP, EMAIL = "in_app", "email"
REMINDER_CHANNELS = (IN_APP, EMAIL)


def reminder_channels(user: User) -> list[str]:
    return [c for c, on in ((IN_APP, user.remind_in_app), (EMAIL, user.remind_by_email)) if on]


async def reminder_channels_of(user_id: int) -> list[str]:
    user = await User.get_or_none(pk=user_id)
    if user is None:
        raise NotFound("No such user")
    return reminder_channels(user)


async def set_reminder_channels(user_id: int, channels: Iterable[str]) -> list[str]:
    """Set the caller's reminder channels (an empty set: no reminders at all), with an audit
    entry: it decides whether mail leaves the server for them."""
    wanted = set(channels)
    unknown = wanted - set(REMINDER_CHANNELS)
    if unknown:
        raise ValueError(f"unknown reminder channels {sorted(unknown)}")
    async with unit_of_work():
        user = await User.select_for_update().get_or_none(pk=user_id)
        if user is None:
            raise NotFound("No such user")
        before = reminder_channels(user)
        user.remind_in_app, user.remind_by_email = IN_APP in wanted, EMAIL in wanted
        await user.save(update_fields=["remind_in_app", "remind_by_email"])
        after = reminder_channels(user)
        await write_audit(
            user_id,
            "user.preferences",
            "user",
            user_id,
            {"reminderChannels": before},
            {"reminderChannels": after},
        )
    return after
