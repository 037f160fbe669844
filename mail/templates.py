"""Plain-text bodies of the messages Tandem sends."""

from __future__ import annotations

import re
from datetime import timedelta

from models.i18n import DEFAULT, N_, Message, msg, render, supported
from models.user import User

REDACTED = "…redacted…"
# Where a message carries a one-time token: the link's query parameter and the "Token:" line.
_TOKENS = re.compile(r"(token=|Token: )[^\s&]+")


def redact(body: str) -> str:
    """The body with every one-time token replaced: what the mail log shows through the API
    (a token there would let whoever reads the log take over the account)."""
    return _TOKENS.sub(lambda m: m.group(1) + REDACTED, body)


def _hours(ttl: timedelta) -> Message:
    minutes = int(ttl.total_seconds() // 60)
    if minutes >= 120:
        return msg("{hours} hours", hours=minutes // 60)
    return msg("{minutes} minutes", minutes=minutes)


def _language(user: User) -> str:
    return supported(user.locale) or DEFAULT


# ``public_url``: where clients reach this deployment (Settings.public_url); the caller passes
# the value, so mail/ knows nothing of server/. Both messages go out in the user's language.
def password_reset(public_url: str, user: User, token: str, ttl: timedelta) -> tuple[str, str]:
    language = _language(user)
    link = f"{public_url}/reset-password?token={token}"
    body = msg(
        "Hello {name},\n\n"
        "Someone asked to reset the password of your Tandem account. If it was you, open\n"
        "{link}\nwithin {within}.\n\nToken: {token}\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n",
        name=user.name,
        link=link,
        within=_hours(ttl),
        token=token,
    )
    return render(N_("Reset your Tandem password"), language), body.render(language)


def invitation(
    public_url: str, user: User, inviter: str, token: str, ttl: timedelta
) -> tuple[str, str]:
    language = _language(user)
    link = f"{public_url}/accept-invite?token={token}"
    body = msg(
        "Hello {name},\n\n{inviter} invited you to Tandem. To choose your password and\n"
        "sign in, open\n{link}\nwithin {within}.\n\nToken: {token}\n",
        name=user.name,
        inviter=inviter,
        link=link,
        within=_hours(ttl),
        token=token,
    )
    return render(N_("You are invited to Tandem"), language), body.render(language)


_DOCUMENT_TEXTS = {
    "en": (
        "{kind} {number} from {company}",
        "Hello,\n\nplease find attached {kind} {number}.\n\n{company}\n",
    ),
    "es": ("{kind} {number} de {company}", "Hola:\n\nadjuntamos {kind} {number}.\n\n{company}\n"),
    "fr": (
        "{kind} {number} de {company}",
        "Bonjour,\n\nvous trouverez ci-joint {kind} {number}.\n\n{company}\n",
    ),
}


def document(language: str, kind: str, number: str, company: str) -> tuple[str, str]:
    """Subject and body of the message that carries a quote or invoice as PDF; ``kind`` is the
    document's printed name in ``language`` (documents/labels.py)."""
    subject, body = _DOCUMENT_TEXTS.get(language, _DOCUMENT_TEXTS["en"])
    values = {"kind": kind, "number": number, "company": company or "Tandem"}
    return subject.format(**values), body.format(**{**values, "kind": kind.lower()})
