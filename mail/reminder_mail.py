"""The ``task.reminder_mail`` job: e-mail one task reminder to a user who chose e-mail
(models/task_notices.py queues it when the reminder falls due).

What the mail says is decided when it is sent, with the recipient's permissions of that
moment: the task's title only if they may read it (as the in-app notice), nothing if they may
no longer see the task, have been deactivated, or switched e-mail off meanwhile. The mail is
the job's one item (``ctx.once``), so a retry after a crash does not send it twice once the
item is committed (the window left is the one docs/architecture.md names for every job)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobs.context import Handler, JobContext
from mail.sender import Mailer
from models.access.principals import principal_for_user
from models.access.records import RecordAccess
from models.errors import DomainError
from models.i18n.languages import DEFAULT, supported
from models.i18n.message import render
from models.task import Task
from models.task_notices import REMINDER
from models.user import User


def reminder_mail(public_url: str, task: Task, text: str) -> tuple[str, str]:
    """Subject and body of a reminder e-mail; ``text`` is the in-app notice's text."""
    due = f"\nDue: {task.due_at:%Y-%m-%d %H:%M} UTC\n" if task.due_at else ""
    return text, (
        f"Hello,\n\n{text}\n{due}\nOpen Tandem to see it: {public_url}\n\n"
        "You get task reminders by e-mail because you chose to; change it in your preferences.\n"
    )


def reminder_mail_handler(mailer: Mailer, public_url: str) -> Handler:
    async def run(ctx: JobContext) -> Mapping[str, Any]:
        payload = ctx.payload
        user = await User.get_or_none(pk=int(payload["user"]))
        if user is None or not user.is_active or not user.remind_by_email:
            return {"sent": False, "why": "the user no longer takes reminders by e-mail"}
        task = await Task.get_or_none(pk=int(payload["task"]))
        try:
            principal = await principal_for_user(user.pk, None)
        except DomainError:
            return {"sent": False, "why": "the user may not sign in"}
        access = RecordAccess.of_principal(principal, "task")
        if task is None or not access.can("read") or not access.visible(task):
            return {"sent": False, "why": "the task is gone or hidden from the user"}
        # The notice's own words in the user's language (the mail's frame is English for now).
        language = supported(user.locale) or DEFAULT
        text = render(REMINDER.text_for(task)(access), language)
        subject, body = reminder_mail(public_url, task, text)

        async def mail() -> None:
            await mailer.send(user.email, subject, body)

        sent = await ctx.once("mail", mail)
        return {"sent": sent}

    return run
