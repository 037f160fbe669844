"""A connection plan and the list builder's prepared statement as one SQL statement.

The list builder's own statements are embedded as they are (resolvers/lists.py ``prepare``: row
scope, filters, keyset, order and limit; the count's rows), so the compiled read cannot select a
row the plain path would not. Around them the database builds the page as JSON:

    SELECT json_build_object(
      'rows', (SELECT json_agg(json_build_object('id', t."id", ..., '@company',
                 (SELECT json_build_object(...) FROM (<company rows in scope>) r1
                  WHERE r1."id" = t."company_id")) ORDER BY t."__n")
               FROM (SELECT q.*, ROW_NUMBER() OVER (ORDER BY <the page's order>) AS "__n"
                     FROM (<the page's statement>) q) t),
      'total', (SELECT COUNT(*) FROM (<the filtered rows>) c))

Each embedded statement selects only the columns its plan reads (``only``: never a column the
caller may not read), and each node object holds them and one key per relation,
``@<response key>``; "#" is the row's place in the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tortoise.queryset import QuerySet

from models.tortoise_adapter import meta, parameterized
from resolvers.compiled.dialect import Dialect, quoted
from resolvers.compiled.items import ConnectionPlan, Many, NodePlan, Scoped
from resolvers.lists import Prepared

ROW_NUMBER = "__n"


class _Builder:
    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.params: list[Any] = []
        self.aliases = 0

    def embed(self, query: QuerySet[Any]) -> str:
        sql, params, _db = parameterized(query)
        return self.place(sql, params)

    def rows(self, rows: QuerySet[Any] | Scoped, columns: Iterable[str]) -> str:
        """``rows`` with only ``columns``, placed: a kept statement for the caller's rows in
        scope, a filtered queryset's built now."""
        if isinstance(rows, Scoped):
            return self.place(*rows.access.rows_statement(rows.model, list(columns)))
        return self.embed(rows.only(*columns))

    def place(self, sql: str, params: list[Any]) -> str:
        """A statement of its own parameters, placed after those placed so far."""
        placed = self.dialect.embed(sql, len(self.params))
        self.params.extend(params)
        return placed

    def parameter(self, value: Any) -> str:
        """A placeholder for one more parameter, ``value``."""
        self.params.append(value)
        return self.dialect.placeholder(len(self.params))

    def alias(self) -> str:
        self.aliases += 1
        return f"r{self.aliases}"

    def node(self, plan: NodePlan, alias: str, numbered: bool = False) -> str:
        fields = meta(plan.model).fields_map
        pairs = []
        for column, as_text in plan.columns.items():
            expr = f"{alias}.{quoted(fields[column].source_field or column)}"
            pairs.append((column, self.dialect.text(expr) if as_text else expr))
        for relation in plan.relations:
            if relation.target is None or relation.rows is None:
                continue  # not readable at all: NOT_FOUND for every key that is set
            inner = self.alias()
            target = relation.target
            fk = fields[relation.column].source_field or relation.column
            # Textual order is parameter order (SQLite): the object before its FROM.
            obj = self.node(target, inner)
            rows = self.rows(relation.rows, target.columns)
            pk = meta(target.model).fields_map[target.pk].source_field or target.pk
            sub = (
                f"SELECT {obj} FROM ({rows}) {inner} "
                f"WHERE {inner}.{quoted(pk)} = {alias}.{quoted(fk)}"
            )
            pairs.append((f"@{relation.key}", self.dialect.nested(sub)))
        for item in plan.many:
            pk = fields[plan.pk].source_field or plan.pk
            pairs.append((f"@{item.key}", self.many(item, f"{alias}.{quoted(pk)}")))
        if numbered:
            pairs.append(("#", f"{alias}.{quoted(ROW_NUMBER)}"))
        return self.dialect.object(pairs)

    def numbered(
        self, plan: NodePlan, rows: str, order: Sequence[tuple[str, bool]], alias: str
    ) -> str:
        """The JSON array of ``plan``'s objects over ``rows`` (a statement), in ``order``."""
        fields = meta(plan.model).fields_map
        inner = self.alias()
        by = ", ".join(
            f"{inner}.{quoted(fields[column].source_field or column)}{' DESC' if desc else ''}"
            for column, desc in order
        )
        numbered = (
            f"SELECT {inner}.*, ROW_NUMBER() OVER (ORDER BY {by}) AS {quoted(ROW_NUMBER)} "
            f"FROM ({rows}) {inner}"
        )
        return f"FROM ({numbered}) {alias}"

    def _listed(self, item: Many, parent_key: str) -> str:
        target = item.node
        fields = meta(target.model).fields_map
        alias = self.alias()
        # Textual order is parameter order (SQLite): the objects before their FROM.
        obj = self.node(target, alias, numbered=True)
        aggregate = self.dialect.array(obj, f"{alias}.{quoted(ROW_NUMBER)}")
        picked = self.alias()
        fk = quoted(fields[item.column].source_field or item.column)
        by = ", ".join(
            f"{picked}.{quoted(fields[column].source_field or column)}{' DESC' if desc else ''}"
            for column, desc in item.order
        )
        limit = f" LIMIT {int(item.page.size) + 1}" if item.page is not None else ""
        if item.single:
            limit = " LIMIT 1"
        rows = self.rows(item.rows, target.columns)
        # The correlation sits outside the embedded rows and before ORDER BY ... LIMIT, so
        # the database walks an index on (column, order) and stops after the page.
        chosen = (
            f"SELECT {picked}.* FROM ({rows}) {picked} WHERE {picked}.{fk} = {parent_key} "
            f"ORDER BY {by}{limit}"
        )
        return self.dialect.nested(
            f"SELECT {aggregate} {self.numbered(target, chosen, item.order, alias)}"
        )

    def many(self, item: Many, parent_key: str) -> str:
        """A to-many relation of the row whose key is ``parent_key``: the rows whose column
        holds it, in order (and the first ``size + 1`` of a connection, the count beside)."""
        target = item.node
        fields = meta(target.model).fields_map
        fk = quoted(fields[item.column].source_field or item.column)
        page = item.page
        pairs = []
        if page is None or page.size:
            pairs.append(("rows", self._listed(item, parent_key)))
        if page is None:
            return pairs[0][1]
        if page.connection.counts:
            counted = self.embed(page.counted.only(target.pk, item.column))
            each = self.alias()
            pairs.append(
                (
                    "total",
                    f"(SELECT COUNT(*) FROM ({counted}) {each} WHERE {each}.{fk} = {parent_key})",
                )
            )
        return self.dialect.object(pairs or [("rows", "NULL")])


def statement(plan: ConnectionPlan, prepared: Prepared, dialect: Dialect) -> tuple[str, list[Any]]:
    """The page as one statement returning one row: a JSON object with "rows" (and "total"
    when totalCount is selected)."""
    build = _Builder(dialect)
    fields = meta(prepared.spec.model).fields_map
    order = ", ".join(
        f"q.{quoted(fields[column].source_field or column)}{' DESC' if desc else ''}"
        for column, desc in prepared.ordering()
    )
    pairs = []
    if prepared.size:
        node = build.node(plan.node, "t", numbered=True)
        rows = build.embed(prepared.query.only(*plan.node.columns))
        numbered = (
            f"SELECT q.*, ROW_NUMBER() OVER (ORDER BY {order}) AS {quoted(ROW_NUMBER)} "
            f"FROM ({rows}) q"
        )
        aggregate = build.dialect.array(node, f"t.{quoted(ROW_NUMBER)}")
        pairs.append(("rows", dialect.nested(f"SELECT {aggregate} FROM ({numbered}) t")))
    if plan.counts:
        counted = build.embed(prepared.filtered.only(plan.node.pk))
        pairs.append(("total", f"(SELECT COUNT(*) FROM ({counted}) c)"))
    if not pairs:
        pairs.append(("rows", dialect.nested("SELECT NULL")))
    return f"SELECT {dialect.object(pairs)} AS page", build.params


def listing(
    plan: NodePlan, rows: Scoped, order: Sequence[tuple[str, bool]], dialect: Dialect
) -> tuple[str, list[Any]]:
    """A root list (``pipelines``) as one statement returning one row: a JSON object with
    "rows", each object numbered in ``order``."""
    build = _Builder(dialect)
    node = build.node(plan, "t", numbered=True)
    aggregate = dialect.array(node, f"t.{quoted(ROW_NUMBER)}")
    embedded = build.rows(rows, plan.columns)
    listed = dialect.nested(f"SELECT {aggregate} {build.numbered(plan, embedded, order, 't')}")
    return f"SELECT {dialect.object([('rows', listed)])} AS page", build.params
