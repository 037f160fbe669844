"""A text kept as its English message id and named values until someone reads it.

``msg("Stage {name} is closed", name=stage.name)`` renders in English as the f-string it replaces
did, byte for byte; in Spanish or French the catalog's translation is filled in, with numbers and
dates formatted per locale by Babel (``1 234,5`` in French). ``N_`` only marks a literal for the
extractor (a constant, a default) and returns it unchanged.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from models.i18n.catalogs import translate
from models.i18n.languages import DEFAULT


def N_(message_id: str) -> str:
    """Mark ``message_id`` for translation where it is written; translated where it is read."""
    return message_id


@dataclass(frozen=True, slots=True)
class Amount:
    """Money inside a message: ``12.50 EUR`` in English (as before), ``12,50 €`` in Spanish."""

    value: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.value} {self.currency}"


class _LocaleFormatter(string.Formatter):
    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Message):  # a part of a sentence, translated on its own
            return value.render(self.language)
        if format_spec or self.language == DEFAULT:
            return super().format_field(value, format_spec)
        if isinstance(value, Amount):
            return format_currency(value.value, value.currency, locale=self.language)
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int | float | Decimal):
            return format_decimal(value, locale=self.language)
        if isinstance(value, datetime):
            return format_datetime(value, format="medium", locale=self.language)
        if isinstance(value, date):
            return format_date(value, format="long", locale=self.language)
        return super().format_field(value, format_spec)


@dataclass(frozen=True, slots=True)
class Message:
    """A message id (English, with ``{name}`` placeholders) and the values to fill in."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str = DEFAULT) -> str:
        template = translate(language, self.id) if language != DEFAULT else self.id
        if not self.params:
            return template
        try:
            return _LocaleFormatter(language).vformat(template, (), dict(self.params))
        except (KeyError, IndexError, ValueError):  # a broken translation: never fail on it
            return _LocaleFormatter(DEFAULT).vformat(self.id, (), dict(self.params))

    def __str__(self) -> str:
        return self.render(DEFAULT)


def msg(message_id: str, /, **params: Any) -> Message:
    """A translatable message; the extractor reads ``message_id``, which must be a literal."""
    return Message(message_id, params)


def render(text: str | Message, language: str) -> str:
    """``text`` in ``language``: a plain string is looked up as a message id."""
    if isinstance(text, Message):
        return text.render(language)
    return translate(language, text) if language != DEFAULT else text
