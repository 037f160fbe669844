"""The authenticated caller, as every layer below the HTTP edge sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.access.policy import Policy


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    email: str
    role_id: int
    role_level: int
    department_ids: frozenset[int] = field(default_factory=frozenset)
    # The session version the credential was issued for; see models.user.User.session_version.
    session_version: int = 1
    # Set when the caller is an API key rather than a signed-in person.
    api_key_id: int | None = None
    # What the role grants; loaded with the role on every request, so a change applies at once.
    policy: Policy = field(default_factory=lambda: Policy({}))
    # The user's language tag (User.locale): what they read messages and e-mails in.
    locale: str = "en"
