"""Why a backup or a restore cannot go on: one exception with a code per cause, so the command
line and the schedule report the same words."""

from __future__ import annotations

from models.errors import DomainError
from models.i18n import Message

MISSING_FILE = "MISSING_FILE"
MISSING_MANIFEST = "MISSING_MANIFEST"
DAMAGED_FILE = "DAMAGED_FILE"
WRONG_BACKEND = "WRONG_BACKEND"
TARGET_NOT_EMPTY = "TARGET_NOT_EMPTY"
UNSUPPORTED_DATABASE = "UNSUPPORTED_DATABASE"
TOOL_MISSING = "TOOL_MISSING"
TOOL_FAILED = "TOOL_FAILED"
MISMATCH = "VERIFY_MISMATCH"
DATABASE_ERROR = "DATABASE_ERROR"


class BackupError(DomainError):
    def __init__(self, code: str, message: str | Message) -> None:
        super().__init__(message)
        self.code = code
