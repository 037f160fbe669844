"""The two ways a campaign message leaves: e-mail over SMTP and SMS through a provider.

Both take one message at a time and raise ``SendFailed`` with a reason the delivery log keeps;
the caller (the campaign send job) decides what was sent. The SMTP channel keeps a small pool of
connections open for a run (a connection per message would cost a TCP and SMTP handshake each)
and several messages in flight at once; the SMS channel is a provider interface with one HTTP
provider for the common REST shape (Twilio-style: form POST with To/From/Body under basic auth).
"""

from __future__ import annotations

import asyncio
import quopri
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, formataddr, parseaddr
from typing import Protocol
from urllib.parse import unquote, urlparse

import aiosmtplib
import httpx

SMTP_TIMEOUT_S = 10
SMS_TIMEOUT_S = 10


class SendFailed(Exception):
    """The channel refused or could not take the message; ``str(exc)`` is the reason."""


@dataclass(frozen=True, slots=True)
class EmailOut:
    to: str
    subject: str
    body: str
    message_id: str
    unsubscribe_url: str | None = None
    # When it was sent (the Date header); None: now.
    date: datetime | None = None


class SmtpChannel:
    """E-mail over SMTP (``smtp://user:pass@host:port``, ``smtps://`` for TLS) through a small
    pool of persistent connections: each message is its own SMTP transaction (it is
    personalised), and a transaction is four round trips, so a send keeps ``connections``
    transactions in flight at once instead of waiting on each in turn. A connection is opened
    when first needed and reused; one that failed is dropped and reopened by the next send."""

    def __init__(self, smtp_url: str, sender: str, connections: int = 1) -> None:
        self.sender = sender
        self.envelope_from = parseaddr(sender)[1] or sender
        self._from_header = _address_header(sender)
        self._url = urlparse(smtp_url)
        self._free: asyncio.LifoQueue[aiosmtplib.SMTP | None] = asyncio.LifoQueue()
        for _ in range(max(1, connections)):
            self._free.put_nowait(None)
        self._open: set[aiosmtplib.SMTP] = set()

    def message(self, out: EmailOut) -> bytes:
        return message_bytes(self._from_header, out)

    async def _connect(self) -> aiosmtplib.SMTP:
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
        self._open.add(client)
        return client

    async def send(self, out: EmailOut) -> None:
        raw = self.message(out)
        client = await self._free.get()
        try:
            if client is None or not client.is_connected:
                client = await self._connect()
            await client.sendmail(self.envelope_from, [out.to], raw)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            # The connection is fine; only this address was refused.
            raise SendFailed(f"refused by the mail server: {exc}"[:255]) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            self._forget(client)
            client = None
            raise SendFailed(f"mail server: {exc}"[:255]) from exc
        except BaseException:
            # Cancelled mid-transaction: the connection's state is unknown, never reuse it.
            self._forget(client)
            client = None
            raise
        finally:
            self._free.put_nowait(client)

    def _forget(self, client: aiosmtplib.SMTP | None) -> None:
        if client is not None:
            self._open.discard(client)
            client.close()

    def abort(self) -> None:
        """Drop every connection without QUIT (the send was cancelled: a stopping worker)."""
        for client in list(self._open):
            self._forget(client)

    async def close(self) -> None:
        for client in list(self._open):
            self._open.discard(client)
            if client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()


def _header_text(value: str) -> str:
    # A header value is one line: a CR or LF in a rendered subject would start a new header.
    return " ".join(value.replace("\r", " ").replace("\n", " ").split())


def _address_header(sender: str) -> str:
    name, address = parseaddr(sender)
    return formataddr((_header_text(name), address), charset="utf-8") if address else sender


def _encoded(name: str, value: str) -> str:
    value = _header_text(value)
    if value.isascii() and len(name) + len(value) < 900:
        return value
    # RFC 2047 encoded words, folded: non-ASCII text, or a line too long for RFC 5322.
    return Header(value, "utf-8", header_name=name).encode(linesep="\r\n")


def message_bytes(from_header: str, out: EmailOut) -> bytes:
    """The message as it goes on the wire: plain text, UTF-8. Written out directly rather than
    through ``email.message.EmailMessage``, whose header parsing cost more than the rest of a
    campaign send put together (profiled); the tests read what arrives with the stdlib parser.
    ``List-Unsubscribe`` stays one unfolded line: its URL has no whitespace, and mail clients
    read an RFC 2047 encoded word there as no URL at all."""
    headers = [
        f"From: {from_header}",
        f"To: {_header_text(out.to)}",
        f"Subject: {_encoded('Subject', out.subject)}",
        f"Date: {format_datetime(out.date or datetime.now(UTC))}",
        f"Message-ID: {_header_text(out.message_id)}",
    ]
    if out.unsubscribe_url is not None:
        # RFC 2369 and RFC 8058: a mail client's one-click unsubscribe POSTs to this URL.
        headers.append(f"List-Unsubscribe: <{_header_text(out.unsubscribe_url)}>")
        headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
    lines = out.body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if out.body.isascii() and max(len(line) for line in lines) <= 998:
        encoding, body = "7bit", "\r\n".join(lines).encode("ascii")
    else:
        encoding = "quoted-printable"
        body = quopri.encodestring("\n".join(lines).encode("utf-8")).replace(b"\n", b"\r\n")
    headers += [
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        f"Content-Transfer-Encoding: {encoding}",
    ]
    head = "\r\n".join(headers).encode("utf-8")
    return head + b"\r\n\r\n" + body + (b"" if body.endswith(b"\r\n") else b"\r\n")


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
