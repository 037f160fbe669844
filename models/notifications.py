"""Notifying a user: the one function every feature calls to tell someone about something.

    async def notify(recipient, kind, *, subject=None, actor=None, text, connection=None)
        -> Notification | None

- ``recipient``: the user to notify, a ``User`` row or its id. Nobody is notified (``None``,
  nothing written) when that user is unknown or inactive, when it is the ``actor`` (nobody is
  told what they did themselves), or when their role does not read notifications.
- ``kind``: one of ``models.notification.KINDS`` (MENTION, TASK_REMINDER, TASK_OVERDUE,
  TASK_ASSIGNED, AUTOMATION, INVOICE_OVERDUE).
- ``subject``: the record it is about, a model row of a catalogue object (``Deal``, ``Task``,
  ``Contact``, ``SalesOrder`` ...) or ``(object name, pk)`` such as ``("deal", 12)``; ``None``
  for none. A comment is not a subject: pass the record it discusses. The recipient must be
  allowed to read the subject (their own role and scope, not deleted), else nobody is notified
  and nothing is written: a notification never reveals a record, or that it exists.
- ``actor``: who caused it (a ``User`` or id), ``None`` for the system (the scheduler).
- ``text``: shown to the recipient as is (trimmed to 500 characters). Put nothing in it the
  recipient may not read (titles, amounts, names): clients read the subject's fields through
  ``Notification.subject``, with the recipient's own field permissions. To quote the subject
  (a task's title in its reminder), pass a function of the recipient's access
  (``models.access.records.RecordAccess``, to notifications; ``.of(obj)`` for another record
  type) that returns the text, quoting only what that access may read.
- ``connection``: the caller's transaction connection, if it holds one rather than running in
  its context. Called inside a unit of work (models/unit_of_work.py), notify joins it: the
  notification and its outbox event commit or roll back with the caller's change, and the relay
  is woken once, after that commit. Called outside one, notify opens its own.

The outbox event (object "notification", topics "user:<recipient id>") is what the
``notificationAdded`` subscription delivers, to the recipient only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models import clock, events
from models.access.catalogue import CATALOGUE
from models.access.principals import principal_for_user
from models.access.records import RecordAccess
from models.errors import NotFound, Unauthenticated
from models.i18n import DEFAULT, Message, render, supported
from models.notification import KINDS, TEXT_MAX, Notification
from models.outbox import columns_of, emit
from models.records import DECLARED
from models.unit_of_work import unit_of_work
from models.user import User

Subject = Model | tuple[str, int]
# Plain text, or the text as the recipient may read it (a function of their access).
# English text (a marked literal or msg(...)); rendered in the recipient's language when stored.
Text = str | Message | Callable[[RecordAccess], str | Message]
# Records a notification cannot be about: a comment is seen through its record, and a
# notification about a notification means nothing.
NOT_SUBJECTS = frozenset({"comment", "notification"})


async def notify(
    recipient: User | int,
    kind: str,
    *,
    subject: Subject | None = None,
    actor: User | int | None = None,
    text: Text,
    connection: BaseDBAsyncClient | None = None,
) -> Notification | None:
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    recipient_id = recipient.pk if isinstance(recipient, User) else recipient
    actor_id = actor.pk if isinstance(actor, User) else actor
    if connection is not None:
        return await _notify(recipient_id, kind, subject, actor_id, text, connection)
    async with unit_of_work() as unit:
        conn = unit.connection
        return await _notify(recipient_id, kind, subject, actor_id, text, conn)


async def _notify(
    recipient_id: int,
    kind: str,
    subject: Subject | None,
    actor_id: int | None,
    text: Text,
    conn: BaseDBAsyncClient,
) -> Notification | None:
    if actor_id is not None and actor_id == recipient_id:
        return None
    try:
        principal = await principal_for_user(recipient_id, None, conn)
    except Unauthenticated:
        return None
    access = RecordAccess.of_principal(principal, "notification")
    if not access.can("read"):
        return None
    subject_type = subject_id = None
    if subject is not None:
        readable = await _readable_subject(access, subject, conn)
        if readable is None:
            return None
        subject_type, subject_id = readable
    wording = text(access) if callable(text) else text
    text = render(wording, supported(principal.locale) or DEFAULT)
    row = await Notification.create(
        using_db=conn,
        recipient_id=recipient_id,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_id=actor_id,
        text=text.strip()[:TEXT_MAX],
        created_at=clock.now(),
    )
    await emit(
        events.CREATED,
        "notification",
        row,
        changed=columns_of(row).keys() - {"id"},
        topics=["notification", f"user:{recipient_id}"],
        actor_id=actor_id,
        using_db=conn,
    )
    return row


# A declared record's model need not be named as its API type (an Order is kept in
# SalesOrder): the declarations say which model holds which object.
_OBJECT_OF_MODEL: dict[type[Model], str] = {r.model: r.obj for r in DECLARED.values()}


def _model_of(obj: str, type_name: str) -> type[Model]:
    declared = DECLARED.get(obj)
    return declared.model if declared is not None else Tortoise.apps["tandem"][type_name]


async def _readable_subject(
    access: RecordAccess, subject: Subject, conn: BaseDBAsyncClient
) -> tuple[str, int] | None:
    """(object, pk) of the subject if the recipient may read it; None otherwise."""
    row: Any
    if isinstance(subject, tuple):
        obj, pk = subject
        spec = CATALOGUE.objects.get(obj)
        if spec is None or obj in NOT_SUBJECTS:
            raise ValueError(f"a notification cannot be about a {obj!r}")
        row = await _model_of(spec.name, spec.type_name).get_or_none(pk=pk, using_db=conn)
    else:
        found = CATALOGUE.objects.get(_OBJECT_OF_MODEL.get(type(subject), ""))
        found = found or CATALOGUE.by_type.get(type(subject).__name__)
        if found is None or found.name in NOT_SUBJECTS:
            raise ValueError(f"a notification cannot be about a {type(subject).__name__}")
        spec, row = found, subject
    # Not deleted, readable and in the recipient's read scope.
    if not access.of(spec.name).visible(row):
        return None
    return spec.name, int(row.pk)


async def mark_read(
    readable: QuerySet[Notification], pks: list[int]
) -> tuple[list[Notification], datetime]:
    """Mark the notifications ``pks`` read, all or none: ``readable`` is what the caller may
    mark (its own); one of ``pks`` outside it is NOT_FOUND and nothing is marked. Already read
    ones keep their first read time. Returns the rows as locked, and the time they were read."""
    async with unit_of_work() as unit:
        # The query was built before the unit opened: run it on the unit's connection.
        query = readable.filter(id__in=pks).select_for_update().using_db(unit.connection)
        found = await query
        if len(found) != len(pks):
            raise NotFound("No such notification")
        now = clock.now()
        unread = [row.id for row in found if row.read_at is None]
        if unread:
            await Notification.filter(id__in=unread).update(read_at=now)
    return list(found), now
