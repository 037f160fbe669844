"""What a report needs to be downloaded (server/report_files.py) and followed live
(resolvers/report_live.py): one ``ReportEntry`` per ``ReportKind``, listed in
resolvers/report_kinds.py.

An entry says how to compute the report from the shared filters for a caller (the same function
the report's query uses, so the permission checks are the same), how to lay it out as a table
for a file, and which committed events may change it. docs/architecture.md "Reports" shows how a
report plugs in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from documents.report_table import ReportTable
from models.events import Envelope
from resolvers.api.report_inputs import ReportFilters
from resolvers.context import RequestContext


@dataclass(frozen=True, slots=True)
class ReportEntry:
    # The report for the caller of the context, under its permissions (FORBIDDEN/BAD_USER_INPUT
    # as the report's query raises them). Its result is what reportUpdated sends.
    compute: Callable[[RequestContext, ReportFilters], Awaitable[Any]]
    # The computed report laid out for a file.
    table: Callable[[Any], ReportTable]
    # Whether a committed event may change the report (reportUpdated recomputes on these).
    changed_by: Callable[[Envelope], bool]
