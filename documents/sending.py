"""The ``document.send`` job: render a quote's or invoice's PDF as the user who sent it may
see it (their role now: a Salesperson's customer gets no cost) and mail it to the customer's
contact through the mailer, which logs it (mail log) and delivers it over SMTP.

The mail is one item of the job (``ctx.once``): an attempt after a crash does not send it again
once its item is committed (docs/architecture.md "Background jobs" on the one window left)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from documents.labels import LABELS
from documents.service import rendered
from jobs.context import Handler, JobContext, Permanent
from mail import templates
from mail.sender import Attachment, Mailer
from models.access.principals import principal_for_user
from models.access.records import RecordAccess
from models.errors import DomainError


def send_handler(mailer: Mailer) -> Handler:
    async def run(ctx: JobContext) -> Mapping[str, Any]:
        payload = ctx.payload
        try:
            principal = await principal_for_user(int(payload["userId"]), None)
            document = await rendered(
                lambda obj: RecordAccess.of_principal(principal, obj),
                str(payload["id"]),
                "pdf",
                actor_id=principal.user_id,
                audit=False,
            )
        except DomainError as error:
            # The sender left, lost access, or the document is gone: retrying cannot help.
            raise Permanent(error.message) from error
        content = document.content
        subject, body = templates.document(
            content.language,
            LABELS[content.language][content.kind],
            content.number,
            content.branding.name,
        )
        attachment = Attachment(document.filename("pdf"), document.media_type, document.data)

        async def mail() -> None:
            await mailer.send(str(payload["to"]), subject, body, [attachment])

        await ctx.once("mail", mail)
        return {"number": content.number, "bytes": len(document.data)}

    return run
