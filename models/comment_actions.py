"""Writing a comment with its @mentions: the comment and the notifications of the people it
mentions are one change (one unit of work), so a refused comment notifies nobody.

The caller writes the comment row itself (``write``: the record write with its gate checks,
resolvers/record_writes.py) and checks the mentioned users against what the author may see
(``check_mentioned``); what counts as newly mentioned, and who is told, is decided here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from models.comment import Comment
from models.i18n import N_
from models.mentions import mentioned
from models.notification import MENTION
from models.notifications import notify
from models.unit_of_work import unit_of_work

Write = Callable[[], Awaitable[Comment]]
CheckMentioned = Callable[[list[int]], Awaitable[object]]


async def notify_mentioned(users: list[int], target: tuple[str, int], author_id: int) -> None:
    """Tell each mentioned user (the record is the subject; who may not see it is not told)."""
    for user in users:
        await notify(
            user,
            MENTION,
            subject=target,
            actor=author_id,
            text=N_("You were mentioned in a comment"),
        )


async def create_comment(
    write: Write, users: list[int], target: tuple[str, int], author_id: int
) -> Comment:
    """``users``: everyone the body mentions, already checked."""
    async with unit_of_work():
        row = await write()
        await notify_mentioned(users, target, author_id)
    return row


async def edit_comment(
    pk: int, body: str, check_mentioned: CheckMentioned, write: Write, author_id: int
) -> Comment:
    """Only the people the new body mentions and the old one did not are notified."""
    async with unit_of_work():
        # Locked, so two edits at once cannot both count the same person as newly mentioned.
        before = await Comment.select_for_update().get(pk=pk)
        known = set(mentioned(before.body, strict=False))
        added = [user for user in mentioned(body) if user not in known]
        await check_mentioned(added)
        row = await write()
        await notify_mentioned(added, (row.target_type, row.target_id), author_id)
    return row
