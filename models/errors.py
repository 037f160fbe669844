"""Domain exceptions. Each carries the API error code it maps to; schema/errors.py does the mapping.

Written once here (like httpx's _exceptions.py) so that every layer raises the same vocabulary.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = {k: v for k, v in extensions.items() if v is not None}


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = "Authentication required") -> None:
        super().__init__(message)


class Forbidden(DomainError):
    code = "FORBIDDEN"

    def __init__(self, message: str = "Not allowed", *, field: str | None = None) -> None:
        super().__init__(message, field=field)


class NotFound(DomainError):
    code = "NOT_FOUND"

    def __init__(self, message: str = "Not found") -> None:
        super().__init__(message)


class BadInput(DomainError):
    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.field = field


class Conflict(DomainError):
    code = "CONFLICT"

    def __init__(self, message: str, *, current_version: int | None = None) -> None:
        super().__init__(message, currentVersion=current_version)


class RateLimited(DomainError):
    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, retryAfter=retry_after)


class LockedOut(DomainError):
    code = "LOCKED_OUT"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, retryAfter=retry_after)
