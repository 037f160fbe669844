"""The Spanish and French gettext catalogs (``locale/<language>/LC_MESSAGES/tandem.po``), read
with Babel once per process.

The ``.po`` files are read directly, not compiled ``.mo`` files: nothing to build on a fresh
clone, and a catalog cannot be stale against its source. A fuzzy or empty entry counts as
missing (the English text is used; tests/i18n/test_catalogs.py fails on it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from models.i18n.languages import DEFAULT

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DOMAIN = "tandem"


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _messages(language: str) -> dict[str, str]:
    path = catalog_path(language)
    if language == DEFAULT or not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy and isinstance(message.id, str)
    }


def translate(language: str, message_id: str) -> str:
    """``message_id`` (the English text) in ``language``; the English when it has none."""
    return _messages(language).get(message_id, message_id)
