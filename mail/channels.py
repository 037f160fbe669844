"""The two ways a campaign message leaves: e-mail over SMTP and SMS through a provider.

Both take one message at a time and raise ``SendFailed`` with a reason the delivery log keeps;
the caller (the campaign send job) decides what was sent. The SMTP channel keeps one connection
open for a batch (a connection per message would cost a TCP and SMTP handshake each, and the
benchmark's rate is bound by that); the SMS channel is a provider interface with one HTTP
provider for the common REST shape (Twilio-style: form POST with To/From/Body under basic auth).
"""

from __future__ import annotations

from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Protocol
from urllib.parse import unquote, urlparse

import aiosmtplib
import httpx

SMTP_TIMEOUT_S = 10
SMS_TIMEOUT_S = 10
# Headers folded at whitespace only, up to RFC 5322's 998: an unsubscribe URL has no
# whitespace, and the default 78 would turn it into RFC 2047 encoded words, which mail clients
# do not read as a List-Unsubscribe URL.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


class SendFailed(Exception):
    """The channel refused or could not take the message; ``str(exc)`` is the reason."""


@dataclass(frozen=True, slots=True)
class EmailOut:
    to: str
    subject: str
    body: str
    message_id: str
    unsubscribe_url: str | None = None


class SmtpChannel:
    """E-mail over SMTP (``smtp://user:pass@host:port``, ``smtps://`` for TLS)."""

    def __init__(self, smtp_url: str, sender: str) -> None:
        self.sender = sender
        self.envelope_from = parseaddr(sender)[1] or sender
        self._url = urlparse(smtp_url)
        self._client: aiosmtplib.SMTP | None = None

    def message(self, out: EmailOut) -> EmailMessage:
        message = EmailMessage(policy=MAIL_POLICY)
        message["From"] = self.sender
        message["To"] = out.to
        message["Subject"] = out.subject
        message["Message-ID"] = out.message_id
        if out.unsubscribe_url is not None:
            # RFC 2369 and RFC 8058: a mail client's one-click unsubscribe POSTs to this URL.
            message["List-Unsubscribe"] = f"<{out.unsubscribe_url}>"
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content(out.body)
        return message

    async def _connected(self) -> aiosmtplib.SMTP:
        if self._client is not None and self._client.is_connected:
            return self._client
        url = self._url
        client = aiosmtplib.SMTP(
            hostname=url.hostname or "localhost",
            port=url.port or (465 if url.scheme == "smtps" else 25),
            username=unquote(url.username) if url.username else None,
            password=unquote(url.password) if url.password else None,
            use_tls=url.scheme == "smtps",
            start_tls=None if url.scheme == "smtps" else False,
            timeout=SMTP_TIMEOUT_S,
        )
        await client.connect()
        self._client = client
        return client

    async def send(self, out: EmailOut) -> None:
        try:
            client = await self._connected()
            # Flattened here, with our policy: send_message would fold with its own.
            raw = self.message(out).as_bytes(policy=MAIL_POLICY)
            await client.sendmail(self.envelope_from, [out.to], raw)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise SendFailed(f"refused by the mail server: {exc}"[:255]) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            await self.close()
            raise SendFailed(f"mail server: {exc}"[:255]) from exc

    def abort(self) -> None:
        """Drop the connection without QUIT (the send was cancelled: a stopping worker)."""
        client, self._client = self._client, None
        if client is not None:
            client.close()

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None and client.is_connected:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError):
                client.close()


class SmsProvider(Protocol):
    """How SMS leave: one provider per deployment, chosen by the settings."""

    async def send(self, to: str, body: str, idempotency_key: str) -> None: ...

    async def close(self) -> None: ...


class HttpSmsProvider:
    """A REST SMS API: POST form ``To``, ``From``, ``Body`` to the URL with basic auth.

    2xx is sent; anything else is SendFailed with the status and the start of the answer. The
    delivery's key travels as ``Idempotency-Key`` so a provider that honours it drops a retry.
    """

    def __init__(self, url: str, username: str, password: str, sender: str) -> None:
        self.url = url
        self.sender = sender
        self._client = httpx.AsyncClient(
            auth=httpx.BasicAuth(username, password) if username else None,
            timeout=SMS_TIMEOUT_S,
        )

    async def send(self, to: str, body: str, idempotency_key: str) -> None:
        try:
            answer = await self._client.post(
                self.url,
                data={"To": to, "From": self.sender, "Body": body},
                headers={"Idempotency-Key": idempotency_key},
            )
        except httpx.HTTPError as exc:
            raise SendFailed(f"SMS provider unreachable: {type(exc).__name__}") from exc
        if not answer.is_success:
            raise SendFailed(f"SMS provider answered {answer.status_code}: {answer.text[:120]}")

    async def close(self) -> None:
        await self._client.aclose()
