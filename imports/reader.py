"""Rows of a CSV or XLSX file, read one at a time from disk.

CSV goes through the csv module over the open file; XLSX through openpyxl's read-only mode,
which parses the sheet as a stream. Either way memory stays flat whatever the file's size.
Cells come out as stripped text (empty cells as ""), so the rest of an import treats both
formats alike.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import openpyxl

from models.i18n import Message, msg

FORMATS = ("csv", "xlsx")
# A cell longer than this is not a contact's name or address: the row is refused, not stored.
MAX_CELL = 10_000
# A physical line longer than this is refused before it is held whole (a file without line
# breaks would otherwise be read into memory in one piece).
MAX_LINE = MAX_CELL * 10
# Columns a header may have: a contact has a dozen fields.
MAX_COLUMNS = 200
csv.field_size_limit(MAX_LINE)


class UnreadableFile(Exception):
    """The file is not CSV/XLSX as announced, or has no header row; ``line`` is where."""

    def __init__(self, message: str | Message, line: int = 0) -> None:
        super().__init__(str(message))
        self.text = message
        self.line = line


def _lines(handle: TextIO) -> Iterator[str]:
    number = 0
    while line := handle.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            raise UnreadableFile(
                msg(
                    "Line {number} is longer than {max_line} characters",
                    number=number,
                    max_line=MAX_LINE,
                ),
                number,
            )
        yield line


def csv_rows(handle: TextIO) -> Iterator[list[str]]:
    """Rows of CSV text, stripped; malformed CSV raises UnreadableFile naming the line.

    The handle splits lines on LF only (``newline="\n"``), and the reader is strict: a bare CR
    outside quotes, a quote left open or text after a closing quote is an error, not a row
    silently split or glued to the rest of the file."""
    reader = csv.reader(_lines(handle), strict=True)
    try:
        for row in reader:
            yield [cell.strip() for cell in row]
    except csv.Error as exc:
        line = reader.line_num
        text = str(exc)
        if "new-line character" in text:
            text = "a carriage return (CR) without a line feed outside quotes"
        elif "unexpected end of data" in text:
            text = "a quote is opened and never closed"
        raise UnreadableFile(
            msg("Line {line} is not valid CSV: {text}", line=line, text=text), line
        ) from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile("The file is not UTF-8 text") from exc


def csv_text_rows(text: str) -> Iterator[list[str]]:
    return csv_rows(io.StringIO(text, newline="\n"))


def row_problem(header: Sequence[str], cells: Sequence[str]) -> tuple[str | None, str] | None:
    """(column, message) for a row that cannot be a contact whatever its values, else None."""
    if len(cells) > len(header) and any(cells[len(header) :]):
        return None, f"The row has {len(cells)} cells; the header has {len(header)} columns"
    for name, cell in zip(header, cells, strict=False):
        if "\x00" in cell:
            return name, "A cell contains a NUL character"
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets store phone-like numbers as floats: 34600111222.0 is "34600111222".
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


class RowReader:
    """Iterate ``(row number, cells)`` once; row 0 is the header, data rows count from 1."""

    def __init__(self, path: Path, fmt: str) -> None:
        if fmt not in FORMATS:
            raise UnreadableFile(msg("Unknown format {fmt!r}: use csv or xlsx", fmt=fmt))
        self.path = path
        self.format = fmt
        self._close: Any = None
        self._rows: Iterator[list[str]] = self._open()
        try:
            header = next(self._rows)
        except StopIteration:
            self.close()
            raise UnreadableFile("The file is empty: it needs a header row") from None
        except UnreadableFile:
            self.close()
            raise
        except Exception as exc:
            self.close()
            raise UnreadableFile(
                msg("Cannot read the file as {fmt}: {exc}", fmt=fmt, exc=exc)
            ) from exc
        self.header = [h.strip() for h in header]
        if len(self.header) > MAX_COLUMNS:
            self.close()
            raise UnreadableFile(
                msg("The header has more than {max_columns} columns", max_columns=MAX_COLUMNS), 1
            )
        self.number = 0

    def _open(self) -> Iterator[list[str]]:
        if self.format == "csv":
            # utf-8-sig: a byte order mark (Excel's "CSV UTF-8") is not part of the first header.
            handle = self.path.open(encoding="utf-8-sig", newline="\n")
            self._close = handle.close
            return csv_rows(handle)
        try:
            workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:
            raise UnreadableFile(msg("Cannot read the file as xlsx: {exc}", exc=exc)) from exc
        self._close = workbook.close
        sheet = workbook.worksheets[0]
        return ([_text(v) for v in row] for row in sheet.iter_rows(values_only=True))

    def batch(self, size: int) -> list[tuple[int, list[str]]] | None:
        """The non-blank rows among the next ``size``, with their numbers; None at the end."""
        out = []
        read = 0
        try:
            for cells in islice(self._rows, size):
                read += 1
                self.number += 1
                if any(cells):
                    out.append((self.number, cells))
        except (csv.Error, UnicodeDecodeError) as exc:  # XLSX cells; CSV raises UnreadableFile
            raise UnreadableFile(
                msg("Row {row} cannot be read: {exc}", row=self.number + 1, exc=exc)
            ) from exc
        return out if read else None

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None
