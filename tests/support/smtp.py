"""A real SMTP server (aiosmtpd) that keeps what it receives, for tests that read their mail."""

from __future__ import annotations

import asyncio
import re
import threading
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.services import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._arrived:
            self.messages.append(message_from_bytes(envelope.content))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    async def next_to(self, address: str, *, wait_s: float = 5.0) -> Message:
        """The first message to ``address`` (waits for it to arrive)."""

        def wait() -> Message:
            with self._arrived:
                found = self._arrived.wait_for(lambda: self._find(address), wait_s)
                if not found:
                    raise AssertionError(f"no mail to {address} within {wait_s}s")
                return found

        return await asyncio.to_thread(wait)

    def _find(self, address: str) -> Message | None:
        return next((m for m in self.messages if m["To"] == address), None)

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


def token_in(message: Message) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    match = re.search(r"Token: (\S+)", body.decode())
    assert match, "no token in the message"
    return match.group(1)


class SmtpServer:
    def __init__(self, inbox: Inbox | None = None) -> None:
        self.inbox = inbox or Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
