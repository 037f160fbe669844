"""Task reminders and overdue notices, sent once each even with several server processes.

A notice is due when its time (``remind_at`` or ``due_at``) has come, the task is open, and the
time it was last sent for (``reminder_sent_for`` / ``overdue_sent_for``) differs: moving the
time arms it again. Sending claims the task with a conditional UPDATE (set the sent-for column
to the time, only where it still differs) and writes the notification in the same transaction,
so a notice is sent exactly once: two processes never both claim one (on PostgreSQL the
candidates are also locked with SKIP LOCKED, so concurrent schedulers take different tasks
instead of queueing), and a crash before commit leaves it unsent for the next round.

Who is told: the assignee, or the owner of a task nobody is assigned to. A reminder reaches them
as they chose (models/user_preferences.py): a notification in the app, and/or an e-mail, which
is a ``task.reminder_mail`` job enqueued in the same transaction as the claim, with the
idempotency key of this task's reminder at this time: one job, so one mail, however many
rounds or processes see the reminder (mail/reminder_mail.py sends it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import F, Q

from models import clock, job_actions
from models.access.records import RecordAccess
from models.i18n import N_, Message
from models.notification import TASK_OVERDUE, TASK_REMINDER
from models.notifications import notify
from models.task import Task
from models.unit_of_work import unit_of_work
from models.user import User

OPEN = ("open", "in_progress")
BATCH = 100
REMINDER_MAIL_KIND = "task.reminder_mail"


@dataclass(frozen=True, slots=True)
class Notice:
    kind: str
    time: str
    sent_for: str
    # Message ids (English): the task named by its title, and unnamed.
    named: str
    unnamed: str

    def text_for(self, task: Task) -> Callable[[RecordAccess], Message]:
        """The notice naming the task, when its recipient may read the task's title."""

        def text(access: RecordAccess) -> Message:
            if access.of("task").can_read("title"):
                return Message(self.named, {"title": task.title})
            return Message(self.unnamed)

        return text


REMINDER = Notice(
    TASK_REMINDER,
    "remind_at",
    "reminder_sent_for",
    N_("Reminder: {title}"),
    N_("Reminder: a task of yours"),
)
OVERDUE = Notice(
    TASK_OVERDUE,
    "due_at",
    "overdue_sent_for",
    N_("Overdue: {title}"),
    N_("Overdue: a task of yours"),
)
NOTICES = (REMINDER, OVERDUE)


@dataclass(slots=True)
class Sent:
    reminders: int = 0
    overdue: int = 0
    # (rule, deal) pairs the idle automation rules ran on in the same tick (server/scheduler.py).
    idle_rules: int = 0
    # Invoices whose owner was told they fell overdue (models/invoice_notices.py).
    overdue_invoices: int = 0
    # Reminder e-mails queued (each a task.reminder_mail job) for users who chose e-mail.
    reminder_mails: int = 0


def _due(notice: Notice, now: datetime) -> Q:
    never: dict[str, Any] = {f"{notice.sent_for}__isnull": True}
    other_time: dict[str, Any] = {notice.sent_for: F(notice.time)}
    come: dict[str, Any] = {f"{notice.time}__lte": now}
    return (Q(**never) | ~Q(**other_time)) & Q(**come, status__in=OPEN, deleted_at__isnull=True)


async def send_due(now: datetime | None = None, *, batch: int = BATCH) -> Sent:
    """Send every notice due at ``now`` (default: the clock's now); returns how many went."""
    now = now or clock.now()
    sent = Sent()
    for notice in NOTICES:
        while True:
            seen, count, mails = await _round(notice, now, batch)
            sent.reminder_mails += mails
            if notice is REMINDER:
                sent.reminders += count
            else:
                sent.overdue += count
            if seen < batch:
                break
    return sent


async def _round(notice: Notice, now: datetime, batch: int) -> tuple[int, int, int]:
    """One batch in one transaction: (candidates seen, notifications written, mails queued)."""
    due = _due(notice, now)
    written = mailed = 0
    async with unit_of_work() as unit:
        conn = unit.connection
        # select_for_update is a no-op on SQLite, whose single writer serialises rounds anyway.
        candidates = (
            await Task.filter(due)
            .order_by(notice.time, "id")
            .limit(batch)
            .select_for_update(skip_locked=True)
            .using_db(conn)
        )
        for task in candidates:
            claimed = (
                await Task.filter(due, id=task.id)
                .using_db(conn)
                .update(**{notice.sent_for: F(notice.time)})
            )
            recipient = task.assignee_id or task.owner_id
            if not claimed or recipient is None:
                continue
            user = await User.filter(pk=recipient).using_db(conn).first()
            if user is None:
                continue
            if notice is REMINDER and user.remind_by_email and user.is_active:
                await _queue_mail(task, user)
                mailed += 1
            if notice is REMINDER and not user.remind_in_app:
                continue
            made = await notify(
                user, notice.kind, subject=task, text=notice.text_for(task), connection=conn
            )
            written += made is not None
    return len(candidates), written, mailed


async def _queue_mail(task: Task, user: User) -> None:
    """Queue the reminder's e-mail, in the caller's transaction (the claim's): the claim
    already makes this once per reminder time, and the key keeps it once if it were not."""
    assert task.remind_at is not None
    at = task.remind_at.isoformat()
    key = f"task:{task.pk}:reminder:{at}:user:{user.pk}"
    await job_actions.enqueue(
        REMINDER_MAIL_KIND, {"task": task.pk, "user": user.pk, "at": at}, idempotency_key=key
    )
