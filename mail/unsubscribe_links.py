"""Signed one-click unsubscribe links: ``<public_url>/unsubscribe/<token>``.

The token names the campaign, the contact and the channel, signed with HMAC-SHA256 under a key
derived from the server's secret (never the secret itself), so nobody can unsubscribe someone
else by changing a number, and the server needs no table of issued links. It does not expire:
an unsubscribe link in an old e-mail must keep working (RFC 8058 asks for it to).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

_PURPOSE = b"tandem-unsubscribe-v1"


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    campaign_id: int
    contact_id: int
    channel: str


def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def sign(secret: str, what: Unsubscribe) -> str:
    body = f"{what.campaign_id}.{what.contact_id}.{what.channel}"
    mac = hmac.new(_key(secret), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def verify(secret: str, token: str) -> Unsubscribe | None:
    """The unsubscribe a token stands for, or None for anything not signed by us."""
    parts = token.split(".")
    if len(parts) != 4 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    if parts[2] not in ("email", "sms") or len(parts[0]) > 18 or len(parts[1]) > 18:
        return None
    body = ".".join(parts[:3])
    expected = _b64(hmac.new(_key(secret), body.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, parts[3]):
        return None
    return Unsubscribe(int(parts[0]), int(parts[1]), parts[2])


def link(public_url: str, secret: str, what: Unsubscribe) -> str:
    return f"{public_url.rstrip('/')}/unsubscribe/{sign(secret, what)}"
