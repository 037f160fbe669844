"""What a campaign send needs from the server's settings, handed down as values (server/ builds
it from Settings): where e-mail and SMS go, how fast, and how unsubscribe links are made."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from mail.channels import HttpSmsProvider, SmsProvider, SmtpChannel


@dataclass(frozen=True, slots=True)
class CampaignConfig:
    smtp_url: str
    mail_from: str
    sms_url: str
    sms_username: str
    sms_password: str
    sms_from: str
    public_url: str
    # The server's secret; unsubscribe links are signed with a key derived from it.
    secret: str
    # Messages per second per channel; 0: as fast as the channel takes them.
    email_rate: float
    sms_rate: float
    # SMTP connections a running send keeps open, each with one message in flight.
    email_connections: int = 4

    def email(self) -> SmtpChannel | None:
        if not self.smtp_url:
            return None
        return SmtpChannel(self.smtp_url, self.mail_from, self.email_connections)

    def sms(self) -> SmsProvider | None:
        if not self.sms_url:
            return None
        return HttpSmsProvider(self.sms_url, self.sms_username, self.sms_password, self.sms_from)

    def rate(self, channel: str) -> float:
        return self.email_rate if channel == "email" else self.sms_rate


class Pacer:
    """At most ``rate`` sends per second: before each send, wait until its slot. Slots are
    handed out in turn before anyone waits, so sends running at once (several SMTP
    connections) still get one slot each, ``1 / rate`` apart. The clock and the wait are
    injected (tests move a frozen clock instead of sleeping)."""

    def __init__(
        self, rate: float, now: Callable[[], float], wait: Callable[[float], Awaitable[None]]
    ) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._now = now
        self._wait = wait
        self._next: float | None = None

    async def slot(self) -> None:
        if self.interval == 0:
            return
        now = self._now()
        start = now if self._next is None else max(now, self._next)
        self._next = start + self.interval
        if start > now:
            await self._wait(start - now)
