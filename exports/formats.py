"""Writing export rows as CSV (streamed chunk by chunk) or XLSX (streamed into a file).

Both formats hold one batch of rows at a time. A text cell is always text: spreadsheet programs
run a CSV cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV injection), so such a
cell gets a leading apostrophe; in XLSX the cell is typed as a string instead, which keeps the
value exact.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import suppress
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from exports.columns import Cell
from exports.rows import ExportRows

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Phone numbers and signed numbers start with + or - but cannot call anything: left alone.
NUMBER_LIKE = re.compile(r"[+-][\d\s().,/-]*")
XLSX_MAX_TEXT = 32767


def neutralise(value: str) -> str:
    """A text value a spreadsheet program will show as text, never run as a formula."""
    if value.startswith(FORMULA_START) and not NUMBER_LIKE.fullmatch(value):
        return "'" + value
    return value


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def _csv_text(rows: Sequence[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    # RFC 4180 line ends; values with commas, quotes or line breaks are quoted.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


async def csv_chunks(rows: ExportRows) -> AsyncIterator[bytes]:
    """The header line, then one chunk per batch of rows."""
    yield (BOM + _csv_text([rows.header])).encode()
    async for batch in rows.batches():
        yield _csv_text(batch).encode()


def _xlsx_cell(sheet: Any, value: Cell) -> Any:
    if not isinstance(value, str):
        return value
    # XML cannot carry control characters; openpyxl refuses them rather than drop them.
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_TEXT])
    # openpyxl types a string starting with "=" as a formula; an export holds data only.
    cell.data_type = "s"
    return cell


def _append(sheet: Any, batch: Sequence[Sequence[Cell]]) -> None:
    for row in batch:
        sheet.append([_xlsx_cell(sheet, v) for v in row])


def _discard(sheet: Any) -> None:
    # openpyxl removes its per-sheet temporary file when it saves, and otherwise only at
    # process exit; a failed export must not leave it behind in a long-running server.
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        with suppress(OSError, ValueError):
            writer.cleanup()


async def write_xlsx(rows: ExportRows, target: IO[bytes], title: str) -> None:
    """A one-sheet workbook with a frozen header row, written to ``target``.

    openpyxl's write-only mode streams rows to a temporary file; appending and zipping are CPU
    work, so they run in a thread and the event loop keeps serving other requests.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    sheet.freeze_panes = "A2"
    try:
        sheet.append(rows.header)
        async for batch in rows.batches():
            await asyncio.to_thread(_append, sheet, batch)
        await asyncio.to_thread(workbook.save, target)
    except BaseException:
        _discard(sheet)
        raise
