"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from models.errors import BadInput
from models.i18n import msg

MIN_LENGTH = 12
MAX_LENGTH = 256

# The test suite sets TANDEM_ARGON2_PROFILE=cheapest: real argon2, without the deliberate cost.
_hasher = (
    PasswordHasher.from_parameters(profiles.CHEAPEST)
    if os.environ.get("TANDEM_ARGON2_PROFILE") == "cheapest"
    else PasswordHasher()
)
# A real hash to verify against when the account does not exist, so that a wrong e-mail costs
# as much time as a wrong password and timing reveals nothing.
_DUMMY_HASH = _hasher.hash("tandem-dummy-password-for-timing")


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def check_policy(password: str, *, email: str | None = None, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise BadInput(
            msg("Password must be at least {min_length} characters long", min_length=MIN_LENGTH),
            field=field,
        )
    if len(password) > MAX_LENGTH:
        raise BadInput(
            msg("Password must be at most {max_length} characters long", max_length=MAX_LENGTH),
            field=field,
        )
    lowered = password.lower()
    if email:
        local = email.split("@", 1)[0].lower()
        if lowered == email.lower() or (len(local) >= 4 and local in lowered):
            raise BadInput("Password must not contain the e-mail address", field=field)
    if lowered in common_passwords() or len(set(password)) < 5:
        raise BadInput("Password is too common; choose a less guessable one", field=field)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-work check: a missing hash still runs one argon2 verification."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
