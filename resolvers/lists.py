"""The shared list builder: row scope, filters, sorts, search, keyset pagination, totalCount.

Every list of records goes through ``page()``, given the caller's access to the listed object
(models/access/records.py). It is consulted before any SQL runs: the
object must be readable, every filtered or sorted field must be readable (else FORBIDDEN), search
only looks at readable fields, and the caller's row scope is part of every query, the count
included, so that no number reveals a row or a value the caller may not see.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any

import orjson
from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models import field_limits
from models.access.records import RecordAccess
from models.board import first_of_each
from models.errors import BadInput
from models.global_ids import URL_SAFE
from models.i18n import msg
from models.records.declaration import camel
from models.tortoise_adapter import meta
from resolvers import custom_fields
from resolvers.api.sorting import SortDirection
from resolvers.custom_sorts import CustomSort, custom_sorts
from resolvers.pages import Edge, Page, PageInfo

DEFAULT_PAGE = 50
MAX_PAGE = 500
# Longer search text finds nothing a shorter part of it would not, and costs a scan per column.
MAX_SEARCH_LENGTH = 200


@dataclass(frozen=True, slots=True)
class FilterKey:
    # The catalogue field whose value the filter tests; None for system fields (id, createdAt).
    field: str | None
    # Tortoise lookup, e.g. "amount__gte".
    lookup: str
    convert: Callable[[Any], Any] | None = None
    # For tests a single lookup cannot express (tags: any of several); replaces ``lookup``.
    build: Callable[[Any], Q] | None = None
    # A filter by a related record with row scope: (its permission object, its model). A
    # record the caller cannot see then matches nothing, exactly as an id that does not exist
    # (otherwise counts by a hidden deal would tell that it exists).
    related: tuple[str, type[Model]] | None = None


@dataclass(frozen=True, slots=True)
class SortKey:
    field: str | None
    column: str


@dataclass(frozen=True, slots=True)
class ListSpec:
    obj: str
    model: type[Model]
    filters: Mapping[str, FilterKey]
    sorts: Mapping[str, SortKey]
    # (catalogue field, column) pairs that ``search`` looks in, when the field is readable.
    search: Sequence[tuple[str, str]] = ()
    default_sort: tuple[tuple[str, SortDirection], ...] = ()


@dataclass(slots=True)
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


def _sort_plan(
    spec: ListSpec,
    access: RecordAccess,
    order_by: Sequence[Any] | None,
    customs: Mapping[int, CustomSort] | None = None,
) -> list[tuple[str, str, bool]]:
    """(name, column, descending) per sort key, id last as the tie-breaker. ``customs``: the
    custom field sorts among ``order_by``, by position (already checked)."""
    wanted: list[tuple[str, SortDirection]] = [
        (o.field.value if isinstance(o.field, Enum) else o.field, o.direction)
        for o in (order_by or [])
    ] or list(spec.default_sort)
    plan = []
    for i, (name, direction) in enumerate(wanted):
        custom = (customs or {}).get(i) if order_by else None
        if custom is not None:
            plan.append((custom.name, custom.column, direction == SortDirection.DESC))
            continue
        key = spec.sorts.get(name)
        if key is None:
            raise BadInput(msg("Cannot sort by {name}", name=name), field="orderBy")
        if key.field is not None:
            access.check_sort([key.field])
        plan.append((name, key.column, direction == SortDirection.DESC))
    plan.append(("id", "id", plan[-1][2] if plan else False))
    return plan


def filter_q(spec: ListSpec, access: RecordAccess, filter: Any, *, custom_done: bool = False) -> Q:
    """A filter input (GraphQL or export) as a Q; FORBIDDEN on a field the caller cannot read.

    Custom field tests need annotations (``page`` adds them); elsewhere they are refused rather
    than silently ignored.
    """
    q = Q()
    if filter is None:
        return q
    for attr in (f.name for f in fields(filter)):
        value = getattr(filter, attr)
        if value is None or attr == "search":
            continue
        if attr == "custom":
            if not custom_done:
                raise BadInput("Custom field filters are not supported here", field="custom")
            continue
        key = spec.filters[attr]
        if key.field is not None:
            access.check_filter([key.field])
        if key.build is not None:
            q &= key.build(value)
        else:
            if key.convert is None:
                # A value the column cannot hold matches nothing: say so rather than ask.
                field_limits.check(spec.model, key.lookup, value, f"filter.{camel(attr)}")
            converted = key.convert(value) if key.convert else value
            q &= Q(**{key.lookup: converted})
            if key.related is not None:
                q &= _visible_related(access, key, converted)
    search = getattr(filter, "search", None)
    if search and len(search) > MAX_SEARCH_LENGTH:
        raise BadInput(
            msg(
                "Search text is at most {max_search_length} characters long",
                max_search_length=MAX_SEARCH_LENGTH,
            ),
            field="filter.search",
        )
    if search:
        columns = [col for name, col in spec.search if access.can_read(name)]
        # Nothing readable to search in: nothing can match without revealing a hidden value.
        q &= _any_contains(columns, search.strip()) if columns else Q(pk__in=[])
    return q


def _visible_related(access: RecordAccess, key: FilterKey, pk: Any) -> Q:
    """Rows whose related record is one the caller may read (one subquery, no extra trip)."""
    assert key.related is not None
    obj, model = key.related
    related = access.of(obj)
    if not related.can("read"):
        return Q(pk__in=[])
    visible = related.rows(model).filter(pk=pk).values("id")
    within: dict[str, Any] = {f"{key.lookup}__in": Subquery(visible)}
    return Q(**within)


def _any_contains(columns: Sequence[str], text: str) -> Q:
    q = Q(**{f"{columns[0]}__icontains": text})
    for column in columns[1:]:
        q |= Q(**{f"{column}__icontains": text})
    return q


def base_query(spec: ListSpec, access: RecordAccess, where: Q | None = None) -> QuerySet[Any]:
    """Rows of the object the caller may read: read permission, row scope, not deleted."""
    return access.of(spec.obj).rows(spec.model, where)


def encode_cursor(names: Sequence[str], row: Model, plan: Sequence[tuple[str, str, bool]]) -> str:
    return encode_values(names, [getattr(row, column) for _, column, _ in plan])


def encode_values(names: Sequence[str], values: Sequence[Any]) -> str:
    """The cursor of a row with these sort values (the plan's columns, in order)."""
    blob = orjson.dumps([list(names), values], default=str)
    return binascii.b2a_base64(blob, newline=False).translate(URL_SAFE).decode()


def decode_cursor(
    cursor: str,
    spec: ListSpec,
    plan: Sequence[tuple[str, str, bool]],
    arg: str,
    customs: Mapping[int, CustomSort] | None = None,
) -> list[Any]:
    try:
        names, values = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, TypeError) as exc:
        raise BadInput("Not a valid cursor", field=arg) from exc
    if names != [name for name, _, _ in plan] or len(values) != len(plan):
        raise BadInput("This cursor belongs to a different ordering", field=arg)
    fields_map = meta(spec.model).fields_map
    by_column = {c.column: c for c in (customs or {}).values()}
    try:
        decoded = [
            by_column[column].from_cursor(v)
            if column in by_column
            else fields_map[column].to_python_value(v)
            for (_, column, _), v in zip(plan, values, strict=True)
        ]
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise BadInput("Not a valid cursor", field=arg) from exc
    # A cursor is client input too: a value its column cannot hold (a forged id beyond BIGINT)
    # would fail in the database.
    for (_, column, _), value in zip(plan, decoded, strict=True):
        if column not in by_column and value is not None:
            field_limits.check(spec.model, column, value, arg)
    return decoded


def _keyset(plan: Sequence[tuple[str, str, bool]], values: Sequence[Any], forward: bool) -> Q:
    """Rows strictly after (forward) or before the cursor in the plan's order."""
    q: Q | None = None
    for i, (_, column, descending) in enumerate(plan):
        smaller = descending == forward
        term = Q(**{f"{column}__{'lt' if smaller else 'gt'}": values[i]})
        for j in range(i):
            term &= Q(**{plan[j][1]: values[j]})
        q = term if q is None else q | term
    assert q is not None
    return q


def _page_size(value: int | None, arg: str) -> int:
    if value is None:
        return DEFAULT_PAGE
    if not 0 <= value <= MAX_PAGE:
        raise BadInput(
            msg("{arg} must be between 0 and {max_page}", arg=arg, max_page=MAX_PAGE), field=arg
        )
    return value


@dataclass(slots=True)
class Prepared:
    """A page's statement, checked and built but not run: the page's rows (``query``, already
    ordered and limited: reversed order when paging backward), the rows the count counts
    (``filtered``), the sort plan the cursors encode. Every check has happened by then."""

    spec: ListSpec
    args: PageArgs
    plan: list[tuple[str, str, bool]]
    size: int
    backward: bool
    query: QuerySet[Any]
    filtered: QuerySet[Any]
    # Sorted or filtered by a custom field (annotated expressions in the statement).
    custom: bool = False

    @property
    def names(self) -> list[str]:
        return [name for name, _, _ in self.plan]

    def ordering(self) -> list[tuple[str, bool]]:
        """(column, descending) in the order the statement reads the rows."""
        return [(column, desc != self.backward) for _, column, desc in self.plan]

    def page_info(self, cursors: Sequence[str], more: bool) -> PageInfo:
        return PageInfo(
            has_next_page=more if not self.backward else self.args.before is not None,
            has_previous_page=more if self.backward else self.args.after is not None,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        )


async def prepare(
    spec: ListSpec,
    access: RecordAccess,
    args: PageArgs,
    *,
    filter: Any = None,
    order_by: Sequence[Any] | None = None,
    where: Q | None = None,
) -> Prepared:
    """Every check of a page (FORBIDDEN, BAD_USER_INPUT) and its statement, before any SQL."""
    access = access.of(spec.obj)
    if args.last is not None and args.first is not None:
        raise BadInput("Pass first or last, not both", field="last")
    customs = await custom_sorts(access, order_by)
    plan = _sort_plan(spec, access, order_by, customs)
    annotations, custom_q = await custom_fields.custom_filters(
        access, getattr(filter, "custom", None)
    )
    filtered = base_query(spec, access, where)
    if annotations:
        filtered = filtered.annotate(**annotations).filter(custom_q)
    if customs:
        filtered = filtered.annotate(**{c.column: c.expression for c in customs.values()})
    filtered = filtered.filter(filter_q(spec, access, filter, custom_done=True))
    backward = args.last is not None or (args.before is not None and args.first is None)
    size = _page_size(args.last if backward else args.first, "last" if backward else "first")
    query = filtered
    if args.after is not None:
        after = decode_cursor(args.after, spec, plan, "after", customs)
        query = query.filter(_keyset(plan, after, True))
    if args.before is not None:
        before = decode_cursor(args.before, spec, plan, "before", customs)
        query = query.filter(_keyset(plan, before, False))
    ordering = [("-" if desc != backward else "") + column for _, column, desc in plan]
    query = query.order_by(*ordering).limit(size + 1)
    custom = bool(customs or annotations)
    return Prepared(spec, args, plan, size, backward, query, filtered, custom)


async def page(
    spec: ListSpec,
    access: RecordAccess,
    args: PageArgs,
    *,
    filter: Any = None,
    order_by: Sequence[Any] | None = None,
    where: Q | None = None,
    on_rows: Callable[[list[Any]], None] | None = None,
) -> Page[Any]:
    """One page of a connection. Every check happens before the first query."""
    prepared = await prepare(spec, access, args, filter=filter, order_by=order_by, where=where)
    return await run(prepared, on_rows)


async def run(prepared: Prepared, on_rows: Callable[[list[Any]], None] | None = None) -> Page[Any]:
    """A prepared page's rows as model instances, with their cursors."""
    size = prepared.size
    rows = list(await prepared.query) if size else []
    more = len(rows) > size
    rows = rows[:size]
    if prepared.backward:
        rows.reverse()
    if on_rows is not None:
        on_rows(rows)
    plan, names = prepared.plan, prepared.names
    edges = [Edge(cursor=encode_cursor(names, row, plan), node=row) for row in rows]
    info = prepared.page_info([e.cursor for e in edges], more)
    return Page(edges=edges, page_info=info, count=prepared.filtered.count)


def first_prepared(
    spec: ListSpec,
    access: RecordAccess,
    first: int | None,
    *,
    filter: Any = None,
    order_by: Sequence[Any] | None = None,
) -> tuple[list[tuple[str, str, bool]], QuerySet[Any], int]:
    """``first_pages``' checks and rows before any SQL: its sort plan, the scoped and filtered
    rows of every group (not yet grouped, ordered or limited), the page size (also for reads
    compiled to SQL, resolvers/compiled/many.py)."""
    access = access.of(spec.obj)
    plan = _sort_plan(spec, access, order_by)
    filtered = base_query(spec, access).filter(filter_q(spec, access, filter))
    return plan, filtered, _page_size(first, "first")


async def first_pages(
    spec: ListSpec,
    access: RecordAccess,
    group: str,
    ids: Sequence[int],
    first: int | None,
    *,
    filter: Any = None,
    order_by: Sequence[Any] | None = None,
) -> dict[int, Page[Any]]:
    """The first page of one connection per group (every stage of a board) in one statement,
    with the same checks, scope and cursors as ``page`` (a cursor from here pages on there)."""
    plan, filtered, size = first_prepared(spec, access, first, filter=filter, order_by=order_by)
    order = [(column, desc) for _, column, desc in plan]
    grouped = await first_of_each(filtered, group, ids, order, size + 1) if size and ids else {}
    names = [name for name, _, _ in plan]
    out: dict[int, Page[Any]] = {}
    for group_id in ids:
        rows = grouped.get(group_id, [])
        more = len(rows) > size
        edges = [Edge(cursor=encode_cursor(names, r, plan), node=r) for r in rows[:size]]
        info = PageInfo(
            has_next_page=more,
            has_previous_page=False,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        count = filtered.filter(**{group: group_id}).count
        out[group_id] = Page(edges=edges, page_info=info, count=count)
    return out
