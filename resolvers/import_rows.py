"""Checking imported contact rows: the column mapping, each row's values, and duplicates.

Each row goes through the same converters and rules as contactCreate (CONTACT_WRITES), so an
import accepts exactly what the API accepts. Duplicates are rows whose e-mail or phone another
row of the file has, or a contact the importer may see (and whose e-mail or phone it may read)
already has: looking only at what the importer can see means the answer reveals nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.functions import Lower

from imports.reader import row_problem
from models import bulk_rows
from models.access.records import RecordAccess
from models.contact import Contact
from models.errors import BadInput, DomainError
from models.i18n import msg
from models.tortoise_adapter import meta, parameterized
from resolvers.customers import CONTACT_WRITES

# API field -> input attribute: what an import may set (no references to other records).
IMPORTABLE = {
    "firstName": "first_name",
    "lastName": "last_name",
    "email": "email",
    "phone": "phone",
    "position": "position",
    "country": "country",
    "city": "city",
    "address": "address",
    "lifecycleStage": "lifecycle_stage",
    "source": "source",
    "language": "language",
    "preferredChannel": "preferred_channel",
    "tags": "tags",
}
LIST_ATTRS = frozenset({"tags"})
COLUMNS = {c.attr: c for c in CONTACT_WRITES.columns}


def check_mapping(
    access: RecordAccess, header: Sequence[str], given: Mapping[str, str] | None
) -> dict[str, str]:
    """File column -> API field. Without a mapping every header must name a field; with one,
    unmapped columns are ignored. FORBIDDEN if the importer may not write a mapped field."""
    mapping = dict(given) if given else {h: h for h in header}
    for column, target in mapping.items():
        if target not in IMPORTABLE:
            raise BadInput(
                msg("Cannot import into '{target}'", target=target), field=f"mapping.{column}"
            )
        if column not in header:
            raise BadInput(
                msg("No column '{column}' in the file", column=column), field=f"mapping.{column}"
            )
    targets = list(mapping.values())
    if len(set(targets)) != len(targets):
        raise BadInput("Two columns map to the same field", field="mapping")
    if "firstName" not in targets:
        raise BadInput("Map a column to firstName", field="mapping")
    access.require("create")
    access.check_write(targets)
    return mapping


class RowError(Exception):
    def __init__(self, field: str | None, message: str, code: str = "BAD_USER_INPUT") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code


@dataclass(slots=True)
class RowChecker:
    """Turns one row's cells into the columns contactCreate would write, or raises RowError."""

    access: RecordAccess
    header: Sequence[str]
    mapping: Mapping[str, str]
    positions: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.positions = {IMPORTABLE[t]: self.header.index(c) for c, t in self.mapping.items()}

    def values(self, cells: Sequence[str]) -> dict[str, Any]:
        problem = row_problem(self.header, cells)
        if problem is not None:
            raise RowError(*problem)
        raw: dict[str, Any] = {}
        for attr, at in self.positions.items():
            cell = cells[at].strip() if at < len(cells) else ""
            if cell:
                raw[attr] = (
                    [t.strip() for t in cell.split(";") if t.strip()]
                    if attr in LIST_ATTRS
                    else cell
                )
        try:
            if not raw.get("first_name"):
                raise BadInput("A contact needs a first name", field="firstName")
            values: dict[str, Any] = {}
            for attr, value in raw.items():
                column = COLUMNS[attr]
                values[column.column] = column.convert(value) if column.convert else value
                limit = getattr(meta(Contact).fields_map[column.column], "max_length", None)
                if (
                    limit
                    and isinstance(values[column.column], str)
                    and len(values[column.column]) > limit
                ):
                    raise BadInput(
                        msg("At most {limit} characters", limit=limit), field=column.field
                    )
            CONTACT_WRITES.validate(values)
        except DomainError as exc:
            raise RowError(exc.extensions.get("field"), exc.message, exc.code) from exc
        return values


def email_key(values: Mapping[str, Any]) -> str | None:
    # E-mail addresses are told apart without case, as people (and most servers) do.
    email = values.get("email")
    return str(email).lower() if email else None


async def known(
    access: RecordAccess, emails: Iterable[str], phones: Iterable[str]
) -> tuple[set[str], set[str]]:
    """Which of these e-mails (lower-case) and phones (E.164) contacts the importer may see
    already have; a field the importer may not read is never compared."""
    if not access.can("read"):
        return set(), set()
    emails = list(emails) if access.can_read("email") else []
    phones = list(phones) if access.can_read("phone") else []
    if not emails and not phones:
        return set(), set()
    # The importer's visible contacts as SQL, then the two lists as one parameter each: the
    # query builder takes longer to build ``IN`` over a batch's 1,000 values than PostgreSQL
    # takes to run it (both columns are indexed: phone, and LOWER(email) since 0013).
    visible = (
        access.rows(Contact).annotate(email_lower=Lower("email")).values("email_lower", "phone")
    )
    sql, params, db = parameterized(visible)
    first = len(params) + 1
    wanted = [
        bulk_rows.in_list(db, "v.email_lower", first),
        bulk_rows.in_list(db, "v.phone", first + 1),
    ]
    _, rows = await db.execute_query(
        f"SELECT v.email_lower, v.phone FROM ({sql}) v WHERE {' OR '.join(wanted)}",
        [*params, bulk_rows.list_param(db, emails), bulk_rows.list_param(db, phones)],
    )
    wanted_emails, wanted_phones = set(emails), set(phones)
    return (
        {r["email_lower"] for r in rows if r["email_lower"] in wanted_emails},
        {r["phone"] for r in rows if r["phone"] in wanted_phones},
    )
