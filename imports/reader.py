"""Rows of a CSV or XLSX file, read one at a time from disk.

CSV goes through the csv module over the open file; XLSX through openpyxl's read-only mode,
which parses the sheet as a stream. Either way memory stays flat whatever the file's size.
Cells come out as stripped text (empty cells as ""), so the rest of an import treats both
formats alike.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import openpyxl

FORMATS = ("csv", "xlsx")
# A cell longer than this is not a contact's name or address: the row is refused, not stored.
MAX_CELL = 10_000
csv.field_size_limit(MAX_CELL * 10)


class UnreadableFile(Exception):
    """The file is not CSV/XLSX as announced, or has no header row."""


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
            raise UnreadableFile(f"Unknown format {fmt!r}: use csv or xlsx")
        self.path = path
        self.format = fmt
        self._close: Any = None
        self._rows: Iterator[list[str]] = self._open()
        try:
            header = next(self._rows)
        except StopIteration:
            self.close()
            raise UnreadableFile("The file is empty: it needs a header row") from None
        except Exception as exc:
            self.close()
            raise UnreadableFile(f"Cannot read the file as {fmt}: {exc}") from exc
        self.header = [h.strip() for h in header]
        self.number = 0

    def _open(self) -> Iterator[list[str]]:
        if self.format == "csv":
            # utf-8-sig: a byte order mark (Excel's "CSV UTF-8") is not part of the first header.
            handle = self.path.open(encoding="utf-8-sig", newline="")
            self._close = handle.close
            return (list(map(str.strip, row)) for row in csv.reader(handle))
        try:
            workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:
            raise UnreadableFile(f"Cannot read the file as xlsx: {exc}") from exc
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
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UnreadableFile(f"Row {self.number + 1} cannot be read: {exc}") from exc
        return out if read else None

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None
