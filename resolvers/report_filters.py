"""The checks the funnel and rep reports share with salesReport: a bounded date range and
filters on fields the viewer may read (a filter reveals its field)."""

from __future__ import annotations

from datetime import date

import strawberry

from models.access.records import RecordAccess
from models.errors import BadInput
from models.global_ids import from_global_id
from models.i18n.message import msg
from resolvers.reports import MAX_DAYS


def check_range(start: date, end: date) -> None:
    if start > end:
        raise BadInput("The range ends before it starts", field="to")
    if (end - start).days >= MAX_DAYS:
        raise BadInput(
            msg("A report covers at most {max_days} days", max_days=MAX_DAYS), field="to"
        )


def filter_id(
    access: RecordAccess, value: strawberry.ID | None, type_name: str, field: str, arg: str
) -> int | None:
    """The key of a filter's id; FORBIDDEN when ``field`` may not be filtered on."""
    if value is None:
        return None
    access.check_filter([field])
    return from_global_id(value, type_name, field=arg)
