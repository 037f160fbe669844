"""A report's table (documents/report_table.py) as a PDF (the documents' Jinja2 environment and
WeasyPrint, fetching nothing) or an XLSX workbook (openpyxl: one sheet per section, amounts as
numbers in their currency's decimals). The columns the viewer may not read are already gone:
``ReportTable.readable()`` runs before either is written."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import HTML

from documents.formatting import Formatter
from documents.pdf import _ENV, PDF_MEDIA_TYPE, TEMPLATES, _data_only
from documents.report_labels import REPORT_LABELS
from documents.report_table import Amount, Cell, ReportTable
from documents.xlsx import XLSX_MEDIA_TYPE

LANGUAGES = tuple(REPORT_LABELS)
# Excel's limit on a sheet's name.
SHEET_NAME = 31


def _text(language: str) -> Callable[[Cell], str]:
    def cell(value: Cell) -> str:
        if value is None:
            return ""
        if isinstance(value, Amount):
            return Formatter(language, value.currency).money(value.amount)
        if isinstance(value, date):
            return Formatter(language, "EUR").date(value)
        if isinstance(value, Decimal):
            return Formatter(language, "EUR").quantity(value)
        return str(value)

    return cell


def report_html(table: ReportTable, language: str) -> str:
    shown = table.readable()
    template = _ENV.get_template("report.html")
    return template.render(
        table=shown, t=REPORT_LABELS[language], language=language, cell=_text(language)
    )


def report_pdf(table: ReportTable, language: str) -> bytes:
    """The PDF's bytes (CPU work: callers in the event loop run it in a thread)."""
    page = HTML(
        string=report_html(table, language), url_fetcher=_data_only(), base_url=str(TEMPLATES)
    )
    data = page.write_pdf()
    assert data is not None
    return bytes(data)


def _xlsx_value(value: Cell) -> object:
    return value.amount if isinstance(value, Amount) else value


def report_xlsx(table: ReportTable, language: str) -> bytes:
    t = REPORT_LABELS[language]
    shown = table.readable()
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = t[shown.title][:SHEET_NAME]
    summary.append([t[shown.title]])
    summary["A1"].font = Font(bold=True, size=14)
    for label, value in shown.facts:
        summary.append([t[label], _xlsx_value(value)])
    for section in shown.sections:
        sheet = book.create_sheet(t[section.title][:SHEET_NAME])
        sheet.append([t[c.label] for c in section.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in section.rows:
            sheet.append([_xlsx_value(v) for v in row])
            for written, value in zip(sheet[sheet.max_row], row, strict=True):
                if isinstance(value, Amount):
                    decimals = Formatter(language, value.currency).decimals
                    written.number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
                elif isinstance(value, date):
                    written.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


REPORT_FORMATS: dict[str, tuple[str, Callable[[ReportTable, str], bytes]]] = {
    "pdf": (PDF_MEDIA_TYPE, report_pdf),
    "xlsx": (XLSX_MEDIA_TYPE, report_xlsx),
}
