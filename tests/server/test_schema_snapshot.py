"""The printed schema (SDL) is checked in at docs/schema.graphql: a change to the API shows in the
diff of a commit, intended or not. `make schema` rewrites the file after an intended change."""

from __future__ import annotations

from pathlib import Path

from schema.schema import build_schema

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "schema.graphql"


def test_the_printed_schema_is_the_checked_in_one() -> None:
    printed = build_schema().as_str() + "\n"
    assert printed == SNAPSHOT.read_text(), (
        "The schema changed: if intended, run `make schema` and list the change in the commit"
    )
