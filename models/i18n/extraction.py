"""The catalog workflow with Babel: extract every marked text from the source into
``locale/tandem.pot``, then merge it into the Spanish and French ``.po`` files.

    make i18n-extract   # locale/tandem.pot from the source
    make i18n-update    # ... and locale/{es,fr}/LC_MESSAGES/tandem.po updated from it

Marked texts: the argument of ``N_`` and ``msg``, and the message argument of every domain error
class (models/errors.py and its subclasses), so that ``raise BadInput("...")`` needs no marker.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from models.i18n.catalogs import DOMAIN, LOCALE_DIR, catalog_path
from models.i18n.languages import DEFAULT, LANGUAGES

ROOT = LOCALE_DIR.parent
# The folders of the application (tests, benchmarks and docs_gen are not read by users).
SOURCES = (
    "models",
    "auth",
    "realtime",
    "mail",
    "imports",
    "exports",
    "backups",
    "jobs",
    "documents",
    "webhooks",
    "resolvers",
    "schema",
    "server",
)
FIRST = (1,)
# Callable name -> which positional argument is the message id (Babel's keyword spec).
KEYWORDS: dict[str, tuple[int, ...]] = {
    "N_": FIRST,
    "msg": FIRST,
    **{
        name: FIRST
        for name in (
            "DomainError",
            "Unauthenticated",
            "Forbidden",
            "NotFound",
            "BadInput",
            "Conflict",
            "RateLimited",
            "LockedOut",
            "QuoteState",
            "PaymentRefused",
            "FileRefused",
            "UrlRefused",
            "RenderFailed",
            "UnreadableFile",
        )
    },
    "BackupError": (2,),
}
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def _found() -> Iterator[tuple[str, int, str]]:
    method_map = [("**.py", "python")]
    for folder in SOURCES:
        # Babel warns on stderr of every f-string inside a marked call, ``field=f"lines.{i}"``
        # included; an f-string message is caught by tests/i18n/test_marking.py instead.
        with contextlib.redirect_stderr(io.StringIO()):
            found = list(
                extract_from_dir(
                    ROOT / folder, method_map, keywords=KEYWORDS, strip_comment_tags=True
                )
            )
        for filename, line, message, _comments, _context in found:
            if isinstance(message, str) and message:
                yield f"{folder}/{filename}", line, message


def extract() -> Catalog:
    """Every marked message id of the source, with where it is used."""
    catalog = Catalog(
        project="Tandem CRM", domain=DOMAIN, fuzzy=False, copyright_holder="Tandem CRM"
    )
    for filename, line, message in _found():
        python_format = "{" in message
        catalog.add(
            message,
            locations=[(filename, line)],
            flags=("python-brace-format",) if python_format else (),
        )
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False)


def update() -> None:
    """locale/tandem.pot from the source; each language's .po merged with it (new ids empty,
    ids gone from the source dropped; changed ids come back fuzzy, which the tests refuse)."""
    template = extract()
    _write(template, TEMPLATE)
    for language in LANGUAGES:
        if language == DEFAULT:
            continue
        path = catalog_path(language)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="Tandem CRM")
        catalog.update(template, no_fuzzy_matching=False)
        catalog.obsolete.clear()
        # Translated by the team, reviewed in the repository: the header is not a draft.
        catalog.fuzzy = False
        catalog.copyright_holder = catalog.last_translator = "Tandem CRM"
        catalog.language_team = f"Tandem CRM <{language}>"
        _write(catalog, path)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "extract":
        _write(extract(), TEMPLATE)
    else:
        update()
