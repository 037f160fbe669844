"""A report laid out for a file: sections of columns and rows, built by each report's entry
(resolvers/report_registry.py) and written by documents/report_files.py as PDF or XLSX."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Amount:
    amount: Decimal
    currency: str


# A money cell carries its currency; a file writes the amount as a number.
Cell = str | int | Decimal | date | Amount | None


@dataclass(frozen=True, slots=True)
class Column:
    # A key of documents/report_labels.py: the header in the file's language.
    label: str
    # An amount: the whole column is left out of the file when the viewer may not read amounts.
    money: bool = False


@dataclass(slots=True)
class Section:
    """One table of a report: a sheet of the workbook, a table of the PDF."""

    title: str  # a label key
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass(slots=True)
class ReportTable:
    title: str  # a label key
    sections: list[Section]
    # False when the viewer may not read amounts: money columns are dropped, not left blank.
    amounts_visible: bool = True
    # What the report covers, printed above its tables: (label key, value).
    facts: list[tuple[str, Cell]] = field(default_factory=list)

    def readable(self) -> ReportTable:
        """The table without the columns the viewer may not read."""
        if self.amounts_visible:
            return self
        sections = []
        for section in self.sections:
            keep = [i for i, c in enumerate(section.columns) if not c.money]
            sections.append(
                Section(
                    section.title,
                    [section.columns[i] for i in keep],
                    [[row[i] for i in keep] for row in section.rows],
                )
            )
        return ReportTable(self.title, sections, amounts_visible=False, facts=self.facts)
