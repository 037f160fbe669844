"""Validating and normalising what clients write into companies and contacts.

Every converter raises BAD_USER_INPUT naming the input field, so a client can point at the
offending box. Normalised forms are what gets stored, filtered and searched: e-mails as
email-validator normalises them (domain lower-cased), phones in E.164, tags lower-case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import orjson
import phonenumbers
from email_validator import EmailNotValidError, validate_email

from models import clock
from models.errors import BadInput
from models.i18n import msg

CHANNELS = ("email", "phone", "sms", "whatsapp", "mail", "none")
# BCP 47 language tag, the common subset: "es", "pt-BR", "zh-Hant".
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
TAG = re.compile(r"^[\w][\w .:/&+-]{0,49}$")
MAX_ITEMS = 20


def email(value: str, field: str) -> str:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise BadInput(msg("Not a valid e-mail address: {exc}", exc=exc), field=field) from exc


def phone(value: str, field: str) -> str:
    """E.164. Numbers must carry their country code: a contact's country is not always known
    when the number is written, and guessing it would store a wrong number silently."""
    try:
        parsed = phonenumbers.parse(value.strip(), None)
    except phonenumbers.NumberParseException as exc:
        raise BadInput(
            "Not a valid phone number: use the international form, e.g. +34 600 111 222",
            field=field,
        ) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise BadInput("Not a valid phone number", field=field)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def tag(value: str, field: str) -> str:
    cleaned = " ".join(value.split()).lower()
    if not TAG.match(cleaned):
        raise BadInput(
            "A tag is 1-50 letters, digits, spaces or . : / & + - _ and starts with one",
            field=field,
        )
    return cleaned


def as_list(items: Iterable[str], item: Callable[[str, str], str], field: str) -> str:
    """A list input as the stored JSON text: each item normalised, duplicates dropped."""
    out: list[str] = []
    for index, raw in enumerate(items):
        value = item(raw, f"{field}.{index}")
        if value not in out:
            out.append(value)
    if len(out) > MAX_ITEMS:
        raise BadInput(msg("At most {max_items} items", max_items=MAX_ITEMS), field=field)
    return orjson.dumps(out).decode()


def listed(stored: str | None) -> list[str]:
    return list(orjson.loads(stored)) if stored else []


def text_item(value: str, field: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > 100:
        raise BadInput("Each item is 1-100 characters", field=field)
    return cleaned


def one(convert: Callable[[str, str], str], field: str) -> Callable[[Any], Any]:
    return lambda value: convert(value, field)


def many(convert: Callable[[str, str], str], field: str) -> Callable[[Any], Any]:
    return lambda values: as_list(values, convert, field)


def channel(value: str) -> str:
    if value not in CHANNELS:
        raise BadInput(
            msg("preferredChannel is one of {channels}", channels=", ".join(CHANNELS)),
            field="preferredChannel",
        )
    return value


def language(value: str) -> str:
    if not LANGUAGE.match(value):
        raise BadInput("language is a language tag such as es or pt-BR", field="language")
    return value


def consent(column: str, field: str) -> Callable[[Any], Any]:
    """A ConsentInput as its three columns; ``expand_consent`` spreads them into the values."""

    def convert(value: Any) -> dict[str, Any]:
        source = " ".join((value.source or "").split())
        if not source:
            raise BadInput("Say how consent was given or withdrawn", field=f"{field}.source")
        at = value.at or clock.now()
        if at.tzinfo is None:
            raise BadInput("A time needs its zone", field=f"{field}.at")
        if at > clock.now():
            raise BadInput("Consent cannot be given in the future", field=f"{field}.at")
        return {column: value.granted, f"{column}_at": at, f"{column}_source": source[:100]}

    return convert


CONSENT_COLUMNS = ("email_consent", "sms_consent")


def expand_consent(values: dict[str, Any]) -> None:
    for column in CONSENT_COLUMNS:
        if column not in values:
            continue
        given = values.pop(column)
        if given is None:
            given = {column: None, f"{column}_at": None, f"{column}_source": None}
        values.update(given)


def empty_lists(values: dict[str, Any], columns: Iterable[str]) -> None:
    """An explicit null clears a list: stored as an empty one."""
    for column in columns:
        if column in values and values[column] is None:
            values[column] = "[]"


def money(field: str) -> Callable[[Any], Any]:
    """A non-negative amount with at most two decimals (precision comes from the column)."""

    def convert(value: Any) -> Any:
        if value < 0 or value.as_tuple().exponent < -2:
            raise BadInput("Money is a non-negative amount with at most 2 decimals", field=field)
        return value

    return convert


def country(value: str) -> str:
    if len(value) != 2 or not value.isalpha():
        raise BadInput("Country is a two-letter ISO 3166 code", field="country")
    return value.upper()


def percentage(field: str) -> Callable[[Any], Any]:
    def convert(value: int) -> int:
        if not 0 <= value <= 100:
            raise BadInput(msg("{field} is a percentage, 0 to 100", field=field), field=field)
        return value

    return convert
