"""E-mailing a quote or invoice as PDF to its contact: the recipient is checked here (before
any write), then a ``document.send`` job is queued with its audit entry
(models/document_sending.py) and woken; the job renders and mails (documents/sending.py)."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from models.access.records import RecordAccess
from models.contact import Contact
from models.document_sending import queue_send
from models.errors import BadInput
from models.global_ids import global_id
from models.i18n import N_
from resolvers.context import RequestContext

Ctx = Info[RequestContext, None]


class NoRecipient(BadInput):
    def __init__(self) -> None:
        super().__init__(
            N_("The document's contact has no e-mail address you may read"), field="id"
        )
        self.extensions["reason"] = "NO_RECIPIENT"


async def recipient(access: RecordAccess, row: Any) -> str | None:
    """The e-mail address of the document's contact, if the caller may read it."""
    if row.contact_id is None:
        return None
    contact = await Contact.get_or_none(pk=row.contact_id)
    contacts = access.of("contact")
    if contact is None or not contacts.visible(contact) or not contacts.can_read("email"):
        return None
    return contact.email or None


async def send(info: Ctx, access: RecordAccess, type_name: str, row: Any, to: str) -> None:
    """Queue the mail of ``row`` (a Quote or Invoice) to ``to`` and wake a worker."""
    gid = global_id(type_name, row.pk)
    job = await queue_send(
        access.obj,
        row.pk,
        gid,
        to,
        access.user_id,
        # One mail per document version: sending the same version twice is one job.
        key=f"{SEND_KEY}:{gid}:{row.version}",
    )
    jobs = info.context.services.jobs
    if jobs is not None:
        await jobs.submit(job)


SEND_KEY = "document.send"
