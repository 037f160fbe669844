"""The SQL pieces PostgreSQL and SQLite spell differently: JSON objects and arrays, a JSON value
from a subquery, parameter placeholders."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PG_PARAMETER = re.compile(r"\$(\d+)")


@dataclass(frozen=True, slots=True)
class Dialect:
    postgres: bool

    def object(self, pairs: list[tuple[str, str]]) -> str:
        """A JSON object of (key, SQL expression) pairs; keys are our own identifiers."""
        body = ", ".join(f"'{key}', {expr}" for key, expr in pairs)
        return f"json_build_object({body})" if self.postgres else f"json_object({body})"

    def nested(self, subquery: str) -> str:
        """A subquery's JSON value as a JSON value (SQLite would embed it as a string)."""
        return f"({subquery})" if self.postgres else f"json(({subquery}))"

    def array(self, expr: str, order: str) -> str:
        """The JSON array of ``expr`` over a group, in ``order`` (SQLite before 3.44 has no
        ORDER BY inside aggregates: the rows carry their number and are put in order again
        when read, resolvers/compiled/response.py)."""
        if self.postgres:
            return f"COALESCE(json_agg({expr} ORDER BY {order}), '[]'::json)"
        return f"json_group_array({expr})"

    def text(self, expr: str) -> str:
        return f"CAST({expr} AS TEXT)"

    def placeholder(self, number: int) -> str:
        """The placeholder of the ``number``-th parameter (from 1) of a statement."""
        return f"${number}" if self.postgres else "?"

    def embed(self, sql: str, offset: int) -> str:
        """A statement with its own parameters numbered from 1, placed after ``offset``
        parameters of the enclosing one (SQLite's ``?`` are positional already)."""
        if not self.postgres or not offset:
            return sql
        return _PG_PARAMETER.sub(lambda m: f"${int(m.group(1)) + offset}", sql)


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
