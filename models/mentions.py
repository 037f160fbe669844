"""@mentions in comment bodies: ``@[Display name](<User global id>)``.

The format of react-mentions and similar editors: the display text is what readers see, the id
says who is meant, so renaming a user never breaks a mention and a name never has to be looked
up. Text that only looks like a mention (a bare ``@ann``) is plain text.
"""

from __future__ import annotations

import re

from models.errors import BadInput, NotFound
from models.global_ids import parse_global_id
from models.i18n import msg

MENTION = re.compile(r"@\[(?P<name>[^\[\]\n]{1,200})\]\((?P<id>[A-Za-z0-9_=-]{1,100})\)")
MAX_MENTIONS = 20


def _user_pk(global_id: str) -> int | None:
    try:
        parsed = parse_global_id(global_id)
    except NotFound:  # a key no table holds: no user
        return None
    return parsed[1] if parsed is not None and parsed[0] == "User" else None


def mentioned(body: str, *, strict: bool = True, field: str = "body") -> list[int]:
    """The users a body mentions (primary keys, first mention first, each once).
    Strict (new text): BAD_USER_INPUT for a token whose id is not a user's, or too many
    people; otherwise (text already stored) such tokens are skipped."""
    found: dict[int, None] = {}
    for match in MENTION.finditer(body):
        pk = _user_pk(match["id"])
        if pk is None:
            if not strict:
                continue
            raise BadInput(msg("@[{name}] does not name a user", name=match["name"]), field=field)
        found[pk] = None
    if strict and len(found) > MAX_MENTIONS:
        raise BadInput(
            msg("Mention at most {max_mentions} people in one comment", max_mentions=MAX_MENTIONS),
            field=field,
        )
    return list(found)
