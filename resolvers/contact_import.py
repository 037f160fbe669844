"""contactImport: contacts from CSV text, checked row by row before anything is written.

A dry run reports what would happen. Otherwise every valid row is created in one transaction,
through the same gate checks and validation as contactCreate; with bad rows nothing is written
unless ``skipInvalid`` asks for the good ones. Duplicates (an e-mail already among the contacts
the caller may see, or twice in the file) are bad rows: the check only looks at what the caller
can see, so it reveals nothing. Small files only (the request body): the streamed background
import of large files is still to be built.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import strawberry
from strawberry.types import Info
from tortoise.functions import Lower

from imports.reader import MAX_COLUMNS, UnreadableFile, csv_text_rows, row_problem
from models.access.records import RecordAccess
from models.contact import Contact as ContactModel
from models.errors import BadInput, DomainError
from models.i18n import msg
from models.record_actions import create_each
from resolvers import record_writes
from resolvers.api.import_rows import ImportRowError
from resolvers.context import RequestContext
from resolvers.customers import CONTACT_WRITES

Ctx = Info[RequestContext, None]
MAX_ROWS = 5000
# CSV header -> input attribute, for the columns an import understands.
COLUMNS = {
    "firstName": "first_name",
    "lastName": "last_name",
    "email": "email",
    "phone": "phone",
    "position": "position",
    "country": "country",
    "city": "city",
    "lifecycleStage": "lifecycle_stage",
    "source": "source",
    "address": "address",
    "language": "language",
}


@strawberry.input
class ContactImportInput:
    csv: str = strawberry.field(description="UTF-8 CSV with a header row")
    mapping: strawberry.scalars.JSON | None = strawberry.field(
        default=None, description="CSV header -> contact field (firstName, email, ...)"
    )
    dry_run: bool = False
    skip_invalid: bool = False


@strawberry.type
class ContactImportResult:
    rows: int
    valid: int
    created: int
    errors: list[ImportRowError]


def _mapping(header: list[str], given: Any) -> dict[str, str]:
    # ``mapping`` is a JSON scalar: any JSON value arrives here, not only an object of names.
    if given is not None and not (
        isinstance(given, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in given.items())
    ):
        raise BadInput(
            "The mapping must be an object of column name to field name", field="mapping"
        )
    mapping = dict(given or {h: h for h in header})
    out = {}
    for column, field in mapping.items():
        if field not in COLUMNS:
            raise BadInput(
                msg("Cannot import into '{field}'", field=field), field=f"mapping.{column}"
            )
        if column not in header:
            raise BadInput(
                msg("No column '{column}' in the file", column=column), field=f"mapping.{column}"
            )
        out[column] = COLUMNS[field]
    if "first_name" not in out.values():
        raise BadInput("Map a column to firstName", field="mapping")
    return out


async def contact_import(info: Ctx, input: ContactImportInput) -> ContactImportResult:
    contacts = info.context.access("contact")
    contacts.require("create")
    try:
        drafts, errors, seen, rows = await _read(info, input)
    except UnreadableFile as exc:
        # Malformed CSV (bare CR, open quote, a line too long): refused as a whole.
        raise BadInput(exc.text, field="csv") from exc
    errors += await _known_emails(contacts, seen)
    bad_rows = {e.row for e in errors}
    good = [(n, d) for n, d in drafts if n not in bad_rows]
    result = ContactImportResult(
        rows=rows,
        valid=len(good),
        created=0,
        errors=sorted(errors, key=lambda e: e.row),
    )
    if input.dry_run or (errors and not input.skip_invalid):
        return result
    result.created = await create_each(
        [draft for _, draft in good],
        lambda draft: record_writes.create(info, CONTACT_WRITES, draft),
    )
    return result


async def _read(
    info: Ctx, input: ContactImportInput
) -> tuple[list[tuple[int, SimpleNamespace]], list[ImportRowError], dict[str, int], int]:
    reader = csv_text_rows(input.csv)
    header = next(reader, None)
    if not header:
        raise BadInput("The file is empty", field="csv")
    if len(header) > MAX_COLUMNS:
        raise BadInput(
            msg("The header has more than {max_columns} columns", max_columns=MAX_COLUMNS),
            field="csv",
        )
    mapping = _mapping(header, input.mapping if input.mapping is not None else None)
    drafts: list[tuple[int, SimpleNamespace]] = []
    errors: list[ImportRowError] = []
    # Normalised e-mail -> its row: duplicates inside the file, then against known contacts.
    seen: dict[str, int] = {}
    rows = 0
    for number, cells in enumerate(reader, start=1):
        rows = number
        if number > MAX_ROWS:
            raise BadInput(
                msg("At most {max_rows} rows per import", max_rows=MAX_ROWS), field="csv"
            )
        problem = row_problem(header, cells)
        if problem is not None:
            column, message = problem
            errors.append(
                ImportRowError(row=number, field=column, code="BAD_USER_INPUT", message=message)
            )
            continue
        row = dict(zip(header, cells, strict=False))
        values = {attr: row.get(col, "").strip() or None for col, attr in mapping.items()}
        draft = SimpleNamespace(**{k: v for k, v in values.items() if v is not None})
        try:
            if not values.get("first_name"):
                raise BadInput("A contact needs a first name", field="firstName")
            checked = await record_writes._values(info, CONTACT_WRITES, draft)
        except DomainError as exc:
            errors.append(_error(number, exc, info.context.language))
            continue
        # E-mail addresses are told apart without case, as people (and most servers) do.
        email = (checked.get("email") or "").lower()
        if email and email in seen:
            errors.append(_duplicate(number, "Twice in this file"))
            continue
        if email:
            seen[email] = number
        drafts.append((number, draft))
    return drafts, errors, seen, rows


async def _known_emails(contacts: RecordAccess, seen: dict[str, int]) -> list[ImportRowError]:
    """Rows whose e-mail a contact the caller can see already has."""
    if not seen or not contacts.can_read("email"):
        return []
    visible = contacts.rows(ContactModel)
    found: list[Any] = (
        await visible.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=list(seen))
        .values_list("email_lower", flat=True)
    )
    rows = sorted({seen[str(e)] for e in found})
    return [_duplicate(row, "A contact with this e-mail exists") for row in rows]


def _duplicate(row: int, message: str) -> ImportRowError:
    return ImportRowError(row=row, field="email", code="BAD_USER_INPUT", message=message)


def _error(row: int, exc: DomainError, language: str) -> ImportRowError:
    return ImportRowError(
        row=row, field=exc.extensions.get("field"), code=exc.code, message=exc.localized(language)
    )
