"""Every marked text has a Spanish and a French translation, with the same placeholders.

The message ids come from the source as Babel's extractor reads them (models/i18n/extraction.py),
not from the catalogs: a new message without translations fails here, as does a catalog entry
left fuzzy by ``make i18n-update`` after its English changed.
"""

from __future__ import annotations

import string

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from models.i18n import LANGUAGES
from models.i18n.catalogs import catalog_path
from models.i18n.extraction import extract

TRANSLATED = [language for language in LANGUAGES if language != "en"]


@pytest.fixture(scope="module")
def source_ids() -> list[str]:
    ids = [str(m.id) for m in extract() if m.id]
    assert len(ids) > 300  # the extractor found the application's messages
    return ids


def _catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def placeholders(text: str) -> set[tuple[str, str]]:
    """The named fields of a format string with their conversions (``{value!r}``)."""
    return {
        (name, conversion or "")
        for _, name, _, conversion in string.Formatter().parse(text)
        if name is not None
    }


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_of_the_source_is_translated(language: str, source_ids: list[str]) -> None:
    catalog = _catalog(language)
    missing = [
        message_id
        for message_id in source_ids
        if (entry := catalog.get(message_id)) is None or not entry.string or entry.fuzzy
    ]
    assert missing == [], f"{len(missing)} message(s) without a {language} translation: {missing}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders(language: str, source_ids: list[str]) -> None:
    catalog = _catalog(language)
    wrong = [
        (message_id, entry.string)
        for message_id in source_ids
        if (entry := catalog.get(message_id)) is not None
        and entry.string
        and placeholders(str(entry.string)) != placeholders(message_id)
    ]
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalog_holds_no_message_the_source_dropped(
    language: str, source_ids: list[str]
) -> None:
    kept = {str(m.id) for m in _catalog(language) if m.id}
    assert kept - set(source_ids) == set(), "run make i18n-update"


def test_a_message_without_a_translation_is_found() -> None:
    # The check above is not vacuous: a catalog without an entry misses it.
    empty = Catalog(locale="es")
    assert empty.get("Not found") is None
    assert placeholders("No such {obj}") == {("obj", "")}
    assert placeholders("Unknown format {fmt!r}") == {("fmt", "r")}
