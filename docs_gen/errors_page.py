"""The error codes page: every code the server answers with, found in the code, and what it means.

The codes are collected from where they are defined (the domain errors of models/errors.py, the
codes schema/errors.py gives graphql-core's own errors, the transport's, the backup commands',
an import row's, the websocket close codes); the meanings are written here. A code without a
meaning, or a meaning without a code, stops the generator: the page cannot drift from the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import backups.errors
import resolvers.import_run
from models.errors import DomainError
from resolvers.subscriptions import WS_TOO_SLOW
from server.socket_guard import WS_UNAUTHENTICATED
from server.transport_errors import CODES as TRANSPORT_CODES

ROOT = Path(__file__).resolve().parents[1]

GRAPHQL = {
    "UNAUTHENTICATED": "No valid access token or API key: sign in (`login`) or refresh"
    " (`tokenRefresh`).",
    "FORBIDDEN": "Your role does not allow it. On a field you may not read: the field is `null`"
    " and the error is at its path; `extensions.field` names a refused field of a write, filter"
    " or sort. Nothing was written.",
    "NOT_FOUND": "No such record, or one outside your read scope (the two are not told apart).",
    "BAD_USER_INPUT": "A value is refused; `extensions.field` names it (`input.amount`,"
    " `ids[2]`). Checked before the first write: nothing was written.",
    "CONFLICT": "`expectedVersion` is stale: someone changed the record first."
    " `extensions.currentVersion` is its version now; refetch, then retry. Nothing was written.",
    "RATE_LIMITED": "Too many attempts from your address; `extensions.retryAfter` seconds.",
    "LOCKED_OUT": "Too many failed sign-ins for this account; `extensions.retryAfter` seconds.",
    "INTERNAL_SERVER_ERROR": "A fault on the server; the message is masked (no stack, no SQL)"
    " and the details are in the server log.",
    "GRAPHQL_PARSE_FAILED": "The document is not valid GraphQL syntax, or has more tokens than"
    " `TANDEM_MAX_QUERY_TOKENS`.",
    "GRAPHQL_VALIDATION_FAILED": "The document does not fit the schema (an unknown field, a"
    " missing argument), or is deeper than `TANDEM_MAX_QUERY_DEPTH` or uses more aliases than"
    " `TANDEM_MAX_ALIASES`.",
}
TRANSPORT = {
    "BAD_REQUEST": "The body is not JSON, or not a GraphQL request.",
    "NOT_FOUND": "No such path.",
    "METHOD_NOT_ALLOWED": "A mutation over GET; the `Allow` header says POST.",
    "PAYLOAD_TOO_LARGE": "The body is larger than `TANDEM_MAX_BODY_BYTES` (imports:"
    " `TANDEM_IMPORT_MAX_BYTES`, forms: `TANDEM_FORM_MAX_BYTES`).",
    "UNSUPPORTED_MEDIA_TYPE": "A POST that is not `application/json`.",
}
IMPORT_ROWS = {
    "MALFORMED_FILE": "The import file cannot be read as CSV or XLSX from this row on.",
}
BACKUP = {
    "MISSING_FILE": "The backup file does not exist.",
    "MISSING_MANIFEST": "The manifest (`<file>.manifest.json`) is not beside the file.",
    "DAMAGED_FILE": "The file does not match its manifest's SHA-256, or cannot be read.",
    "WRONG_BACKEND": "A SQLite backup restored into PostgreSQL, or the other way round.",
    "TARGET_NOT_EMPTY": "The target database holds data; `--force` replaces it.",
    "UNSUPPORTED_DATABASE": "A database that cannot be backed up (in memory, or missing).",
    "TOOL_MISSING": "`pg_dump` / `pg_restore` not found on PATH nor in"
    " `/usr/lib/postgresql/*/bin`.",
    "TOOL_FAILED": "`pg_dump` / `pg_restore` failed; its message follows.",
    "VERIFY_MISMATCH": "A restored table's row count or checksum differs from the manifest.",
    "DATABASE_ERROR": "The database cannot be reached or created.",
}
WEBSOCKET = {
    WS_UNAUTHENTICATED: "The access token is missing, bad or expired, the session ended, or the"
    " user was deactivated: sign in again, then reconnect.",
    WS_TOO_SLOW: "The subscriber fell more than `TANDEM_SUBSCRIBER_QUEUE_SIZE` events behind:"
    " reconnect and resume with `after` (the last cursor you handled).",
}


def _domain_codes() -> set[str]:
    found: set[str] = set()
    pending = [DomainError]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__ == "models.errors":
            found.add(cls.code)
    core = (ROOT / "schema" / "errors.py").read_text()
    return found | set(re.findall(r'"(GRAPHQL_[A-Z_]+)"', core))


def _constants(module: object) -> set[str]:
    return {
        value
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and re.fullmatch(r"[A-Z_]+", value)
    }


def check() -> None:
    """Every code has a meaning here and every meaning a code."""
    pairs = [
        ("GraphQL", _domain_codes(), set(GRAPHQL)),
        ("transport", set(TRANSPORT_CODES.values()), set(TRANSPORT)),
        ("backup", _constants(backups.errors), set(BACKUP)),
        ("import", {resolvers.import_run.MALFORMED_FILE}, set(IMPORT_ROWS)),
    ]
    for what, codes, described in pairs:
        if codes != described:
            raise LookupError(
                f"{what} error codes and docs_gen/errors_page.py differ: undocumented"
                f" {sorted(codes - described)}, gone {sorted(described - codes)}"
            )


def _table(head: str, rows: dict[str, str] | dict[int, str]) -> list[str]:
    lines = [f"| {head} | meaning |", "|---|---|"]
    return [*lines, *(f"| `{code}` | {meaning} |" for code, meaning in rows.items()), ""]


def page() -> str:
    check()
    out = [
        "# Errors",
        "",
        "Generated (`make docs-generate`) from the codes defined in the server. Every GraphQL",
        'error carries `extensions.code`: `{"errors": [{"message": "...", "path": [...],',
        '"extensions": {"code": "FORBIDDEN", "field": "cost"}}]}`. A refused write writes',
        "nothing: every check runs before the first write.",
        "",
        "The `message` is for people, in the caller's language: the signed-in user's `locale`",
        "(en, es or fr), else the request's `Accept-Language`, else English. The `code` and",
        "the other `extensions` never change with the language: a client decides on them.",
        "",
        "## GraphQL errors",
        "",
        *_table("code", GRAPHQL),
        "## Transport errors",
        "",
        "Answered before GraphQL runs, GraphQL-shaped for a client that accepts JSON.",
        "",
        *_table("code", TRANSPORT),
        "## Import rows",
        "",
        "Each refused row of a contact import (`importJob { errors }`) carries a code: one of the",
        "GraphQL codes above (mostly `BAD_USER_INPUT`, with the column), or:",
        "",
        *_table("code", IMPORT_ROWS),
        "## WebSocket close codes",
        "",
        *_table("close code", WEBSOCKET),
        "## `tandem backup` and `tandem restore`",
        "",
        "The commands exit 1 and print the code with the cause:",
        "",
        *_table("code", BACKUP),
    ]
    return "\n".join(out)


def pages() -> dict[str, str]:
    return {"api/errors.md": page()}
