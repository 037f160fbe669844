"""The mailer: every message is logged; with an SMTP URL it is also delivered."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlparse

import aiosmtplib

from models import clock
from models.security import MailLog

log = logging.getLogger("tandem.mail")
SMTP_TIMEOUT_S = 10


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    media_type: str  # "application/pdf"
    data: bytes

    @property
    def logged(self) -> str:
        # The mail log keeps which file went, not its bytes.
        return f"[attached: {self.filename}, {self.media_type}, {len(self.data)} bytes]"


class Mailer:
    def __init__(self, smtp_url: str, sender: str) -> None:
        self.sender = sender
        self._smtp = urlparse(smtp_url) if smtp_url else None
        self._pending: set[asyncio.Task[None]] = set()

    async def send(
        self, to: str, subject: str, body: str, attachments: Sequence[Attachment] = ()
    ) -> None:
        logged = "\n\n".join([body, *(a.logged for a in attachments)])
        entry = await MailLog.create(
            to=to, subject=subject, body=logged, status="logged", created_at=clock.now()
        )
        if self._smtp is None:
            log.info("mail to %s logged (no SMTP configured): %s", to, subject)
            return
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        for attachment in attachments:
            main, _, sub = attachment.media_type.partition("/")
            message.add_attachment(
                attachment.data, maintype=main, subtype=sub, filename=attachment.filename
            )
        smtp = self._smtp
        try:
            await aiosmtplib.send(
                message,
                hostname=smtp.hostname or "localhost",
                port=smtp.port or (465 if smtp.scheme == "smtps" else 25),
                username=unquote(smtp.username) if smtp.username else None,
                password=unquote(smtp.password) if smtp.password else None,
                use_tls=smtp.scheme == "smtps",
                start_tls=None if smtp.scheme == "smtps" else False,
                timeout=SMTP_TIMEOUT_S,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            log.error("mail to %s failed: %s", to, exc)
            await MailLog.filter(id=entry.id).update(status="failed", error=str(exc)[:255])
            return
        await MailLog.filter(id=entry.id).update(status="sent")

    def send_later(self, to: str, subject: str, body: str) -> None:
        """Send in the background, so a request's timing never depends on whether mail went out
        (a password reset must not reveal that an account exists)."""
        self.later(self.send(to, subject, body))

    def later(self, work: Coroutine[Any, Any, None]) -> None:
        """Run work that ends in mail off the request path (kept until done; ``drain`` waits
        for it). A failure is logged: nobody is waiting for it to answer."""
        task = asyncio.create_task(self._logged(work))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    @staticmethod
    async def _logged(work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except Exception:
            log.exception("background mail work failed")

    async def drain(self) -> None:
        """Wait for background sends (on shutdown)."""
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
