"""Domain exceptions. Each carries the API error code it maps to; schema/errors.py does the mapping.

Written once here (like httpx's _exceptions.py) so that every layer raises the same vocabulary.
A message is English text (a literal: the catalog extractor reads the first argument of these
classes) or ``msg(...)`` with named values; ``message`` is the English, ``localized(language)`` the
text in the reader's language (schema/errors.py translates there; the code never changes).
"""

from __future__ import annotations

from typing import Any

from models.i18n import N_, Message, render

AUTHENTICATION_REQUIRED = N_("Authentication required")
NOT_ALLOWED = N_("Not allowed")
NOT_FOUND = N_("Not found")


class DomainError(Exception):
    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str | Message, **extensions: Any) -> None:
        super().__init__(str(message))
        self.text = message
        self.message = str(message)
        self.extensions = {k: v for k, v in extensions.items() if v is not None}

    def localized(self, language: str) -> str:
        """The message in ``language`` (English when the catalog has no translation)."""
        return render(self.text, language)


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str | Message = AUTHENTICATION_REQUIRED) -> None:
        super().__init__(message)


class Forbidden(DomainError):
    code = "FORBIDDEN"

    def __init__(self, message: str | Message = NOT_ALLOWED, *, field: str | None = None) -> None:
        super().__init__(message, field=field)


class NotFound(DomainError):
    code = "NOT_FOUND"

    def __init__(self, message: str | Message = NOT_FOUND) -> None:
        super().__init__(message)


class BadInput(DomainError):
    code = "BAD_USER_INPUT"

    def __init__(self, message: str | Message, *, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.field = field


class Conflict(DomainError):
    code = "CONFLICT"

    def __init__(self, message: str | Message, *, current_version: int | None = None) -> None:
        super().__init__(message, currentVersion=current_version)


class RateLimited(DomainError):
    code = "RATE_LIMITED"

    def __init__(self, message: str | Message, *, retry_after: int) -> None:
        super().__init__(message, retryAfter=retry_after)


class LockedOut(DomainError):
    code = "LOCKED_OUT"

    def __init__(self, message: str | Message, *, retry_after: int) -> None:
        super().__init__(message, retryAfter=retry_after)
