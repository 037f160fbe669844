"""Exchange rate files read into rows, each checked with an error code per bad row.

Two formats:

- ``csv``: a header with ``currency``, ``rate`` and ``valid_on`` (``validOn`` and ``date`` are
  accepted for the last), then one rate per row, in the meaning of ``exchangeRateSet``: one unit
  of the currency is worth ``rate`` units of the base currency.
- ``ecb``: the European Central Bank's daily XML feed (``eurofxref-daily.xml``, or the 90-day
  and historical ones): ``<Cube time="2026-03-02"><Cube currency="USD" rate="1.0812"/>``. The ECB
  quotes how much of the currency one euro buys, so it needs EUR as the base currency, and the
  stored rate is its inverse, rounded to the column's 8 decimals.

Nothing is written here: :func:`read` returns the rows and the errors of the whole file, and the
caller writes all rows in one unit of work or, when any row is bad, none
(models/exchange_actions.py ``set_rates``).
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from models import currencies
from models.errors import BadInput
from models.exchange_actions import checked_rate
from models.i18n import Message, msg

FORMATS = ("csv", "ecb")
# A year of daily rates for every ISO currency is far below this; more is a wrong file.
MAX_ROWS = 50_000
MAX_BYTES = 5 * 1024 * 1024
# What the file's errors show at most (the count says how many there were).
SHOWN_ERRORS = 100
EIGHT_DECIMALS = Decimal("0.00000001")
DATE_COLUMNS = ("valid_on", "validon", "date")

# Error codes per row.
MISSING_VALUE = "MISSING_VALUE"
UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
BAD_RATE = "BAD_RATE"
BAD_DATE = "BAD_DATE"
BASE_CURRENCY = "BASE_CURRENCY"
DUPLICATE = "DUPLICATE"


@dataclass(frozen=True, slots=True)
class RateRow:
    line: int
    currency: str
    rate: Decimal
    valid_on: date


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    code: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "code": self.code, "message": self.message}


class FileRefused(BadInput):
    """The whole file is unusable (format, header, size): ``reason`` says why."""

    def __init__(self, message: str | Message, reason: str) -> None:
        super().__init__(message, field="content")
        self.extensions["reason"] = reason


class RowsRefused(BadInput):
    """Some rows are bad: nothing is imported; ``rows`` lists them with their codes."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            msg("{count} row(s) are invalid; nothing was imported", count=len(errors)),
            field="content",
        )
        self.errors = errors
        self.extensions["reason"] = "INVALID_ROWS"
        self.extensions["invalidRows"] = len(errors)
        self.extensions["rows"] = [e.as_dict() for e in errors[:SHOWN_ERRORS]]


def read(content: str, fmt: str, base: str) -> list[RateRow]:
    """The file's rates, every row checked; RowsRefused listing every bad row otherwise."""
    if fmt not in FORMATS:
        raise FileRefused(
            msg("The format is one of {formats}", formats=", ".join(FORMATS)), "UNKNOWN_FORMAT"
        )
    if len(content.encode()) > MAX_BYTES:
        raise FileRefused("A rate file is at most 5 MiB", "TOO_LARGE")
    if "\x00" in content:
        raise FileRefused("The file holds a NUL character", "NOT_TEXT")
    raw = _csv_rows(content) if fmt == "csv" else _ecb_rows(content, base)
    rows: list[RateRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, date], int] = {}
    for line, currency, rate, day, inverse in raw:
        checked = _row(line, currency, rate, day, inverse, base)
        if isinstance(checked, RowError):
            errors.append(checked)
            continue
        key = (checked.currency, checked.valid_on)
        if key in seen:
            message = f"{key[0]} on {key[1]} is already on line {seen[key]}"
            errors.append(RowError(line, DUPLICATE, message))
            continue
        seen[key] = line
        rows.append(checked)
    if errors:
        raise RowsRefused(errors)
    if not rows:
        raise FileRefused("The file holds no rates", "EMPTY")
    return rows


# (line, currency, rate, day, rate is the inverse of ours)
Raw = tuple[int, str, str, str, bool]


def _csv_rows(content: str) -> list[Raw]:
    try:
        return _csv_read(content)
    except csv.Error as exc:
        raise FileRefused(msg("Not a readable CSV file: {exc}", exc=exc), "BAD_CSV") from exc


def _csv_read(content: str) -> list[Raw]:
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff"), newline=""))
    header = next(reader, None)
    if header is None:
        raise FileRefused("The file holds no rates", "EMPTY")
    names = [h.strip().lower() for h in header]
    date_column = next((c for c in DATE_COLUMNS if c in names), None)
    if "currency" not in names or "rate" not in names or date_column is None:
        raise FileRefused("The header needs currency, rate and valid_on columns", "BAD_HEADER")
    at = {name: names.index(name) for name in ("currency", "rate", date_column)}
    out: list[Raw] = []
    for cells in reader:
        # The line the row ends on (a quoted value may span lines), as an editor shows it.
        number = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(out) >= MAX_ROWS:
            raise FileRefused(
                msg("A rate file has at most {max_rows} rows", max_rows=MAX_ROWS), "TOO_MANY_ROWS"
            )
        get = [cells[i].strip() if i < len(cells) else "" for i in at.values()]
        out.append((number, get[0], get[1], get[2], False))
    return out


def _ecb_rows(content: str, base: str) -> list[Raw]:
    # The ECB's feed has no DTD: one in the file is refused before parsing, so no entity can
    # expand or reach outside (ElementTree resolves no external entities either).
    if "<!DOCTYPE" in content or "<!ENTITY" in content:
        raise FileRefused("A DOCTYPE or ENTITY is not allowed in the feed", "BAD_XML")
    if base != "EUR":
        raise FileRefused(
            msg("ECB rates are quoted in EUR; the base currency is {base}", base=base),
            "BASE_NOT_EUR",
        )
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise FileRefused(msg("Not well-formed XML: {exc}", exc=exc), "BAD_XML") from exc
    out: list[Raw] = []
    number = 0
    for day in root.iter():
        if _local(day.tag) != "Cube" or "time" not in day.attrib:
            continue
        for rate in day:
            if _local(rate.tag) != "Cube":
                continue
            number += 1
            if number > MAX_ROWS:
                raise FileRefused(
                    msg("A rate file has at most {max_rows} rows", max_rows=MAX_ROWS),
                    "TOO_MANY_ROWS",
                )
            currency, value = rate.attrib.get("currency", ""), rate.attrib.get("rate", "")
            out.append((number, currency.strip(), value.strip(), day.attrib["time"], True))
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _row(
    line: int, currency: str, rate: str, day: str, inverse: bool, base: str
) -> RateRow | RowError:
    for name, given in (("currency", currency), ("rate", rate), ("valid_on", day)):
        if not given:
            return RowError(line, MISSING_VALUE, f"No {name}")
    try:
        code = currencies.iso_code(currency)
    except BadInput:
        return RowError(line, UNKNOWN_CURRENCY, f"{currency[:8]!r} is not an ISO 4217 code")
    if code == base:
        return RowError(line, BASE_CURRENCY, f"{code} is the base currency: its rate is 1")
    try:
        valid_on = date.fromisoformat(day)
    except ValueError:
        return RowError(line, BAD_DATE, f"{day[:20]!r} is not a date (YYYY-MM-DD)")
    try:
        value = Decimal(rate)
        if inverse and value.is_finite() and value > 0:
            value = (1 / value).quantize(EIGHT_DECIMALS, ROUND_HALF_UP)
        checked_rate(code, value)
    except (InvalidOperation, BadInput) as exc:
        reason = exc.message if isinstance(exc, BadInput) else "Not a number"
        return RowError(line, BAD_RATE, f"{rate[:20]!r}: {reason}")
    return RateRow(line, code, value, valid_on)
