"""Standard Webhooks signatures (https://www.standardwebhooks.com/): ``webhook-id``,
``webhook-timestamp`` (Unix seconds) and ``webhook-signature``, a space-separated list of
``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``, one per secret that signs now (during a
rotation's overlap, the new and the old one). The key is the base64-decoded part of the
``whsec_`` secret."""

from __future__ import annotations

import base64
import hashlib
import hmac

SECRET_PREFIX = "whsec_"


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secrets: list[str], msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(s, msg_id, timestamp, body) for s in secrets),
        "content-type": "application/json",
    }
