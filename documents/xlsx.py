"""A document's content as an XLSX workbook (openpyxl): one sheet, the same labels and figures
as the PDF, amounts as numbers with the currency's decimals in their number format (so a
spreadsheet can sum them), the currency's code in its own cell."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from documents.content import DocumentContent
from documents.formatting import Formatter
from documents.labels import LABELS

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(doc: DocumentContent) -> bytes:
    t = LABELS[doc.language]
    f = Formatter(doc.language, doc.currency)
    money_format = "#,##0" + ("." + "0" * f.decimals if f.decimals else "")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t[doc.kind][:31]
    brand = doc.branding.colour.lstrip("#").upper()
    sheet.append([t[doc.kind], doc.number])
    sheet["A1"].font = Font(bold=True, size=14, color=brand)
    if doc.branding.name:
        sheet.append([doc.branding.name])
    sheet.append([t["issued_on"], doc.issued_on])
    if doc.due_on:
        sheet.append([t["due_on"], doc.due_on])
    if doc.valid_until:
        sheet.append([t["valid_until"], doc.valid_until])
    if doc.cancels:
        sheet.append([t["cancels"], doc.cancels])
    sheet.append([t["currency"], doc.currency])
    if doc.customer:
        sheet.append([t["customer"], ", ".join(doc.customer)])
    sheet.append([])
    show_cost = doc.cost is not None
    header = [t["description"], t["quantity"], t["unit_price"], t["discount"], t["tax_rate"]]
    header += [t["unit_cost"]] if show_cost else []
    header += [t["net"]]
    sheet.append(header)
    fill = PatternFill("solid", fgColor=brand)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
    for line in doc.lines:
        values: list[object] = [
            line.description,
            line.quantity,
            line.unit_price,
            line.discount / 100,
            line.tax_rate / 100,
        ]
        values += [line.unit_cost] if show_cost else []
        values += [line.net]
        sheet.append(values)
        row = sheet[sheet.max_row]
        row[2].number_format = money_format
        row[3].number_format = row[4].number_format = "0.##%"
        for cell in row[5:]:
            cell.number_format = money_format
    sheet.append([])
    totals: list[tuple[str, object]] = [(t["subtotal"], doc.net)]
    totals += [
        (t["tax_on"].format(rate=f.percent(r.rate), net=f.money(r.net)), r.tax)
        for r in doc.tax_totals
    ]
    totals += [(t["tax"], doc.tax), (t["total"], doc.total)]
    totals += [(t["cost"], doc.cost), (t["margin"], doc.margin)]
    # None: a figure the caller may not read is left out, not printed empty.
    for label, amount in [(label, amount) for label, amount in totals if amount is not None]:
        sheet.append([label, amount, doc.currency])
        sheet.cell(sheet.max_row, 2).number_format = money_format
    sheet.column_dimensions["A"].width = 40
    for column in "BCDEFG":
        sheet.column_dimensions[column].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
