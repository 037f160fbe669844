"""Access tokens (JWT) and opaque secrets (refresh tokens, one-time tokens, API keys).

JWTs are HS256 only, with exp/iat/sub/aud/iss required and a session version (``sv``) that the
server compares with the user's row, so deactivation or a role change ends a token at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from models import clock
from models.errors import Unauthenticated

ALGORITHM = "HS256"
ALLOWED_ALGORITHMS = [ALGORITHM]  # never "none", never a key-confusable asymmetric algorithm
ISSUER = "tandem"
AUDIENCE = "tandem-api"
MIN_KEY_BYTES = 32
REQUIRED_CLAIMS = ["exp", "iat", "sub", "aud", "iss", "sv"]
API_KEY_PREFIX = "tdk_"


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: int
    session_version: int
    expires_at: datetime


class TokenCodec:
    def __init__(self, secret: str, *, ttl: timedelta) -> None:
        if len(secret.encode()) < MIN_KEY_BYTES:
            raise ValueError(f"the signing key must be at least {MIN_KEY_BYTES} bytes")
        self._key = secret
        self.ttl = ttl

    def issue(self, user_id: int, session_version: int) -> tuple[str, datetime]:
        issued = clock.now()
        expires = issued + self.ttl
        payload = {
            "sub": str(user_id),
            "sv": session_version,
            "iat": int(issued.timestamp()),
            "exp": int(expires.timestamp()),
            "iss": ISSUER,
            "aud": AUDIENCE,
        }
        return jwt.encode(payload, self._key, algorithm=ALGORITHM), expires

    def verify(self, token: str) -> AccessClaims:
        try:
            payload = jwt.decode(
                token,
                self._key,
                algorithms=ALLOWED_ALGORITHMS,
                audience=AUDIENCE,
                issuer=ISSUER,
                # Expiry is checked below against the injectable clock, not the wall clock.
                options={"require": REQUIRED_CLAIMS, "verify_exp": False},
            )
            expires = datetime.fromtimestamp(int(payload["exp"]), clock.now().tzinfo)
            claims = AccessClaims(int(payload["sub"]), int(payload["sv"]), expires)
        except (jwt.InvalidTokenError, ValueError, TypeError, KeyError) as exc:
            raise Unauthenticated("Invalid access token") from exc
        if clock.now() >= expires:
            raise Unauthenticated("Access token expired")
        return claims


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored for an opaque secret: enough to recognise it, useless to replay."""
    return hashlib.sha256(secret.encode()).hexdigest()
