"""What a plan is made of: per response key of a node, how its value is read from the statement's
JSON (a column, an amount with its currency, a constant, a refusal, a relation), and the node and
connection plans that hold them. The planner (resolvers/compiled/plan.py) builds them; the
statement (sql.py) and the response (response.py) read them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import FieldNode
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.access.records import RecordAccess
from models.tortoise_adapter import meta

Convert = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Leaf:
    key: str
    column: str
    # The JSON value to the response value (the column's Python value, then the scalar's
    # serialization); None when the JSON value already is it.
    convert: Convert | None


@dataclass(frozen=True, slots=True)
class MoneyLeaf:
    """An amount with its record's currency (models/records/sales.py ``money``): the API's
    ``Money {amount currency}``; ``sub`` is (response key, "amount" | "currency" | "#")."""

    key: str
    column: str
    currency: str
    sub: tuple[tuple[str, str], ...]
    amount: Convert


@dataclass(frozen=True, slots=True)
class Constant:
    key: str
    value: Any


@dataclass(frozen=True, slots=True)
class Refused:
    """A field the caller may not read: null, and the guard's FORBIDDEN error at its path."""

    key: str
    message: str
    field: str
    node: FieldNode


@dataclass(frozen=True, slots=True)
class Scoped:
    """The caller's rows of ``model`` in scope, unfiltered (``access.rows(model)``): their
    statement is kept per caller and columns (``RecordAccess.rows_statement``), not built per
    request as a filtered queryset's is."""

    access: RecordAccess
    model: type[Model]


@dataclass(frozen=True, slots=True)
class Relation:
    """A to-one relation: null when the key is null; NOT_FOUND when the target is not visible
    (``target`` None: the caller may not read that object at all)."""

    key: str
    column: str
    obj: str
    node: FieldNode
    target: NodePlan | None
    rows: Scoped | None


@dataclass(frozen=True, slots=True)
class Many:
    """A to-many relation: the rows of ``node.model`` whose ``column`` holds the parent's key,
    in ``order``; a list (a pipeline's stages), or a connection's first page (``page``: a
    stage's deals)."""

    key: str
    column: str
    node: NodePlan
    rows: QuerySet[Any] | Scoped
    order: tuple[tuple[str, bool], ...]
    page: NestedPage | None = None
    # The first row only, as an object or null (a contact's ``lastActivity``).
    single: bool = False


@dataclass(frozen=True, slots=True)
class NestedPage:
    """A connection below a node: its parts, the sort plan its cursors encode ((name, column,
    descending)), its size, and the rows its totalCount counts."""

    connection: ConnectionPlan
    plan: tuple[tuple[str, str, bool], ...]
    size: int
    counted: QuerySet[Any]


@dataclass(frozen=True, slots=True)
class Delegated:
    """A nullable field the statement does not answer (a computed field, custom fields, a
    polymorphic relation ...): after the statement, graphql-core resolves it on the record's row
    (loaded by its key, batched per model), at its path, with its own errors."""

    key: str


Item = Leaf | MoneyLeaf | Constant | Refused | Relation | Many | Delegated


@dataclass(slots=True)
class NodePlan:
    model: type[Model]
    pk: str
    items: list[Item] = field(default_factory=list)
    # The GraphQL object type (its global ids; node(id:)'s runtime type).
    type_name: str = ""
    # Columns the statement reads: JSON key -> whether it is read as text (decimals).
    columns: dict[str, bool] = field(default_factory=dict)

    def read(self, column: str) -> None:
        kind = meta(self.model).fields_map[column]
        self.columns.setdefault(column, type(kind).__name__ == "DecimalField")

    @property
    def relations(self) -> list[Relation]:
        return [item for item in self.items if isinstance(item, Relation)]

    @property
    def many(self) -> list[Many]:
        return [item for item in self.items if isinstance(item, Many)]


@dataclass(slots=True)
class ConnectionPlan:
    node: NodePlan
    # (key, part, sub-items): part is "typename", "edges", "pageInfo" or "totalCount".
    parts: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    node_key: str | None = None
    edge_type_name: str = ""

    @property
    def counts(self) -> bool:
        return any(part == "totalCount" for _, part, _ in self.parts)
