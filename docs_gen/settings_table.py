"""The table of every setting, read from server/settings.py's Settings class.

Names, types, defaults and bounds come from the pydantic model; each meaning is the comment
written above the field in server/settings.py (a comment covers the fields after it, up to the
next comment), or, for the fields that have none, a line of MEANINGS below. A setting with
neither stops the generator, so a new setting is documented the day it is added.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from annotated_types import Ge, Le
from pydantic_core import PydanticUndefined

from server.settings import Settings

SOURCE = Path(__file__).resolve().parents[1] / "server" / "settings.py"
PREFIX = "TANDEM_"

# Settings without a comment of their own in server/settings.py (the self-explanatory first
# ones, and those a comment describes as a group).
MEANINGS = {
    "mode": "`dev` or `production`; production refuses a missing, default or weak secret key.",
    "database_url": "`sqlite://PATH` or `postgres://user:pass@host:port/db`.",
    "broadcast_url": "`memory://` (one process) or `redis://host:port/db` (several processes).",
    "secret_key": "Signs tokens. Empty in dev mode: a dev-only value. Production: at least 32"
    " random characters.",
    "host": "The address `tandem serve` and `tandem demo` listen on.",
    "port": "The port `tandem serve` and `tandem demo` listen on.",
    "log_level": "Python log level (`DEBUG`, `INFO`, `WARNING`, ...).",
    "max_query_depth": "The deepest query accepted (refused before execution).",
    "max_aliases": "The most aliases one query may use (refused before execution).",
    "max_query_tokens": "The most tokens one query may have (refused before execution).",
    "access_token_minutes": "How long an access token is valid.",
    "refresh_token_days": "How long a refresh token is valid (each refresh rotates it).",
    "invite_hours": "How long an invitation link works.",
    "password_reset_minutes": "How long a password reset link works.",
    "mail_from": "The sender of every mail Tandem sends.",
    "form_rate_per_key": "Lead form submissions per window and form key (429 above it).",
    "form_rate_per_ip": "Lead form submissions per window and IP address (429 above it).",
    "form_rate_window_seconds": "The window of both lead form limits, in seconds.",
    "form_max_bytes": "The largest lead form body, in bytes (413 above it).",
    "backup_time": "The UTC time of day (`HH:MM`) of the daily backup; empty: no daily backup.",
    "backup_dir": "Where daily backups, and `tandem backup` without `--to`, write their files.",
    "backup_retention_days": "Daily backups older than this are deleted after each new one.",
}
_FIELD = re.compile(r"^    (\w+): ")
_COMMENT = re.compile(r"^    # ?(.*)$")


def comments(source: str) -> dict[str, str]:
    """Field name -> the comment block above it (or above the fields before it)."""
    found: dict[str, str] = {}
    block: list[str] = []
    in_comment = False
    inside = False
    for line in source.splitlines():
        if line.startswith("class Settings("):
            inside = True
            continue
        if not inside:
            continue
        if line.startswith("    @") or line.startswith("    def "):
            break
        comment = _COMMENT.match(line)
        if comment:
            block = block if in_comment else []
            block.append(comment.group(1).strip())
            in_comment = True
            continue
        in_comment = False
        field = _FIELD.match(line)
        if field and field.group(1) != "model_config" and block:
            found[field.group(1)] = " ".join(block)
    return found


def _default(name: str, info: Any) -> str:
    if info.default_factory is not None:
        value = info.default_factory()
    elif info.default is PydanticUndefined:
        return "(required)"
    else:
        value = info.default
    if isinstance(value, list):
        value = ",".join(value)
    value = getattr(value, "value", value)
    return f"`{value}`" if value != "" else "empty"


def _bounds(info: Any) -> str:
    parts = []
    for meta in info.metadata:
        if isinstance(meta, Ge):
            parts.append(f"at least {meta.ge}")
        if isinstance(meta, Le):
            parts.append(f"at most {meta.le}")
    return f" ({', '.join(parts)})" if parts else ""


def _type(info: Any) -> str:
    annotation = info.annotation
    name = getattr(annotation, "__name__", str(annotation))
    return {"list": "comma-separated list", "Mode": "`dev` / `production`"}.get(name, name)


def rows() -> list[tuple[str, str, str, str]]:
    """(env var, type, default, meaning) of every setting, in the class's order."""
    notes = comments(SOURCE.read_text())
    stale = set(MEANINGS) - set(Settings.model_fields)
    if stale:
        raise LookupError(f"docs_gen/settings_table.py MEANINGS names no setting: {sorted(stale)}")
    out = []
    for name, info in Settings.model_fields.items():
        meaning = MEANINGS.get(name) or notes.get(name)
        if not meaning:
            raise LookupError(
                f"setting {name} has no meaning: write a comment above it in server/settings.py"
            )
        kind = _type(info) + _bounds(info)
        out.append((PREFIX + name.upper(), kind, _default(name, info), meaning))
    return out


def page() -> str:
    lines = [
        "# Settings",
        "",
        "Generated from `server/settings.py` (`make docs-generate`). Every setting is read from",
        "the environment, or from a `.env` file in the working directory, once at start;",
        "an invalid value stops the process with a message naming it.",
        "",
        "| variable | type | default | meaning |",
        "|---|---|---|---|",
    ]
    for env, kind, default, meaning in rows():
        lines.append(f"| `{env}` | {kind} | {default} | {meaning.replace('|', '/')} |")
    lines += [
        "",
        "Read outside the settings class:",
        "",
        "- `TANDEM_OWNER_PASSWORD`: the password `tandem create-owner` uses instead of asking.",
        "- `TANDEM_ARGON2_PROFILE=cheapest`: the cheapest password hashing, for test suites only.",
        "",
    ]
    return "\n".join(lines)


def pages() -> dict[str, str]:
    return {"admin/settings.md": page()}
