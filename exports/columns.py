"""What an export of each object holds, derived from the catalogue, and what a caller gets of it.

The columns of a table follow the catalogue's fields in order, so that a field added there is
exported without a change here; a field this module cannot classify (a new relation, a new
computed value) stops the import, like a record type missing from the catalogue does.
A caller's plan keeps only the fields its role may read, plus the record's id and timestamps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from tortoise.models import Model

from models import global_ids
from models.access.catalogue import CATALOGUE, ObjectSpec
from models.access.records import RecordAccess
from models.company import Company
from models.contact import Contact
from models.deal import Deal
from models.department import Department
from models.documents import Quote, SalesOrder
from models.invoice_actions import status as invoice_status
from models.invoices import Invoice, Payment
from models.money import round_money
from models.pipeline import Pipeline, Stage
from models.quotes import shown_status
from models.records import DECLARED
from models.tortoise_adapter import meta
from models.user import User

Cell = str | int | Decimal | None


@dataclass(frozen=True, slots=True)
class Related:
    """A to-one relation, exported as the target's display name when the caller may see it."""

    obj: str
    model: type[Model]
    # (catalogue field of the target or None when read with the record, column), joined by " ".
    name: tuple[tuple[str | None, str], ...]
    # Everyone may read their own profile (User's SelfOrGuard): the caller's own name shows.
    self_readable: bool = False
    # Records with no name (quotes, orders) show the API's id of the target instead.
    global_type: str | None = None


# Every relation an exported object has, by the catalogue field that holds it.
RELATED: Mapping[str, Related] = {
    "owner": Related("user", User, (("name", "name"),), self_readable=True),
    "department": Related("department", Department, (("name", "name"),)),
    "company": Related("company", Company, (("name", "name"),)),
    "contact": Related(
        "contact", Contact, (("firstName", "first_name"), ("lastName", "last_name"))
    ),
    "pipeline": Related("pipeline", Pipeline, (("name", "name"),)),
    # A stage is part of its pipeline and is read with it (schema/types/sales.py).
    "stage": Related("pipeline", Stage, ((None, "name"),)),
    # Sales documents (models/records/documents.py, invoices.py).
    "deal": Related("deal", Deal, (("title", "title"),)),
    "quote": Related("quote", Quote, ((None, "id"),), global_type="Quote"),
    "order": Related("order", SalesOrder, ((None, "id"),), global_type="Order"),
    "invoice": Related("invoice", Invoice, (("code", "code"),)),
    "cancels": Related("invoice", Invoice, (("code", "code"),)),
}
MONEY = frozenset({"amount", "cost", "margin"})
# Lists that belong to a record (a deal's stage history, its line items) are not one cell, and
# a last activity is another record with its own scope: declared export=False (models/records/).
NOT_EXPORTED = frozenset(f.name for record in DECLARED.values() for f in record if not f.export)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    # The catalogue field the caller must be able to read; None for id and timestamps.
    field: str | None
    # Database columns the value is computed from.
    sources: tuple[str, ...]
    value: Callable[[Mapping[str, Any]], Cell]
    related: Related | None = None


@dataclass(frozen=True, slots=True)
class Table:
    spec: ObjectSpec
    model: type[Model]
    # What a person calls the whole list: the XLSX sheet's name.
    title: str
    columns: tuple[Column, ...]


def _plain(source: str) -> Callable[[Mapping[str, Any]], Cell]:
    def value(row: Mapping[str, Any]) -> Cell:
        return text(row[source])

    return value


def text(value: Any) -> Cell:
    """A database value as an export cell: numbers stay numbers, times become ISO 8601."""
    if value is None or isinstance(value, str | int | Decimal):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _joined(source: str) -> Callable[[Mapping[str, Any]], Cell]:
    # A JSON text list (tags, other e-mails): one cell, items separated the way people write them.
    def value(row: Mapping[str, Any]) -> Cell:
        return "; ".join(orjson.loads(row[source] or "[]"))

    return value


def _consent(source: str) -> Callable[[Mapping[str, Any]], Cell]:
    # Whether, how and when in one cell, so a consent never travels without its evidence.
    def value(row: Mapping[str, Any]) -> Cell:
        granted = row[source]
        if granted is None:
            return None
        at = row[f"{source}_at"]
        when = at.isoformat() if isinstance(at, datetime) else at
        return f"{'granted' if granted else 'withdrawn'} ({row[f'{source}_source']}, {when})"

    return value


def custom_column(definition: Any) -> Column:
    """A custom field's values: lists joined, money as "amount currency", yes/no as true/false.
    ``field`` is None because readability was decided from the definition (rows.py)."""
    key = definition.key

    def value(row: Mapping[str, Any]) -> Cell:
        found = (orjson.loads(row["custom"]) if row["custom"] else {}).get(key)
        if isinstance(found, list):
            return "; ".join(str(v) for v in found)
        if isinstance(found, dict):
            return f"{found.get('amount')} {found.get('currency')}"
        if isinstance(found, bool):
            return "true" if found else "false"
        if isinstance(found, float):
            return Decimal(str(found))
        return text(found)

    return Column(f"custom.{key}", None, ("custom",), value)


def _margin(revenue: str) -> Callable[[Mapping[str, Any]], Cell]:
    # Gross profit: a deal's amount, or a document's net, less the cost.
    def value(row: Mapping[str, Any]) -> Cell:
        return Decimal(row[revenue]) - Decimal(row["cost"])

    return value


def _tax_lines(row: Mapping[str, Any]) -> Cell:
    # Totals per tax rate in one cell: "21.00%: net 100.00, tax 21.00; 7.00%: ...".
    lines = orjson.loads(row["tax_lines"] or "[]")
    return "; ".join(f"{x['rate']}%: net {x['net']}, tax {x['tax']}" for x in lines)


def _balance(row: Mapping[str, Any]) -> Cell:
    return Decimal(row["total"]) - Decimal(row["credited"]) - Decimal(row["paid"])


def _invoice_status(row: Mapping[str, Any]) -> Cell:
    # Computed as the API computes it (on the injected clock), never stored.
    return invoice_status(_Shown(row))  # type: ignore[arg-type]


def _quote_status(row: Mapping[str, Any]) -> Cell:
    # A draft or sent quote past its validity date reads as expired, as in the API.
    return shown_status(_Shown(row))  # type: ignore[arg-type]


class _Shown:
    """A row's values read by attribute, for the domain's status functions."""

    def __init__(self, row: Mapping[str, Any]) -> None:
        self.__dict__.update(row)

    @property
    def balance(self) -> Decimal:
        return Decimal(_balance(self.__dict__) or 0)


# Computed fields with no column of their own: (sources, value) by object and field.
COMPUTED: Mapping[tuple[str, str], tuple[tuple[str, ...], Callable[[Mapping[str, Any]], Cell]]] = {
    ("invoice", "status"): (("kind", "credited", "total", "paid", "due_on"), _invoice_status),
    ("invoice", "balance"): (("total", "credited", "paid"), _balance),
    ("quote", "status"): (("status", "valid_until"), _quote_status),
    **{(obj, "taxLines"): (("tax_lines",), _tax_lines) for obj in ("quote", "order", "invoice")},
}


def global_id(type_name: str) -> Callable[[Mapping[str, Any]], Cell]:
    # The API's own id (models/global_ids.py), so a row can be refetched with node(id:).
    def value(row: Mapping[str, Any]) -> Cell:
        return global_ids.global_id(type_name, row["id"])

    return value


def _field_column(spec: ObjectSpec, model: type[Model], name: str) -> list[Column]:
    field = spec.fields[name]
    if name in RELATED:
        assert field.column is not None
        return [Column(name, name, (field.column,), _plain(field.column), RELATED[name])]
    if (spec.name, name) in COMPUTED:
        sources, computed = COMPUTED[spec.name, name]
        return [Column(name, name, sources, computed)]
    if name == "margin":
        revenue = "net" if "net" in meta(model).fields_map else "amount"
        return [Column(name, name, (revenue, "cost"), _margin(revenue))]
    if field.column is None or field.column not in meta(model).fields_map:
        raise AssertionError(f"{spec.name}.{name}: no rule to export it (exports/columns.py)")
    if field.kind == "list":
        return [Column(name, name, (field.column,), _joined(field.column))]
    if field.kind == "consent":
        sources = (field.column, f"{field.column}_at", f"{field.column}_source")
        return [Column(name, name, sources, _consent(field.column))]
    if field.column in meta(model).fk_fields or field.column.endswith("_id"):
        raise AssertionError(f"{spec.name}.{name} is a relation missing from RELATED")
    return [Column(name, name, (field.column,), _plain(field.column))]


# Sales documents' amounts are stored with three decimals (one column for every currency) and
# exported, as the API shows them, in their currency's minor units (JPY 1508, EUR 120.00).
DOCUMENT_MONEY = frozenset({"net", "tax", "total", "cost", "margin", "paid", "credited", "balance"})
DOCUMENTS = frozenset({"quote", "order", "invoice", "payment"})


def _in_minor_units(column: Column) -> Column:
    def value(row: Mapping[str, Any]) -> Cell:
        amount = column.value(row)
        return None if amount is None else round_money(Decimal(amount), row["currency"])

    return replace(column, sources=(*column.sources, "currency"), value=value)


def _table(obj: str, model: type[Model], title: str) -> Table:
    spec = CATALOGUE[obj]
    columns = [Column("id", None, ("id",), global_id(spec.type_name))]
    for name in spec.fields:
        if name in NOT_EXPORTED:
            continue
        made = _field_column(spec, model, name)
        money = obj in DOCUMENTS and (
            name in DOCUMENT_MONEY or (obj, name) == ("payment", "amount")
        )
        columns += [_in_minor_units(c) for c in made] if money else made
    if MONEY & spec.fields.keys() and "currency" not in spec.fields:
        # One currency per record, shared by its money fields (the API's Money.currency).
        columns.append(Column("currency", "currency", ("currency",), _plain("currency")))
    columns += [
        Column("createdAt", None, ("created_at",), _plain("created_at")),
        Column("updatedAt", None, ("updated_at",), _plain("updated_at")),
    ]
    return Table(spec, model, title, tuple(columns))


TABLES: Mapping[str, Table] = {
    "company": _table("company", Company, "Companies"),
    "contact": _table("contact", Contact, "Contacts"),
    "deal": _table("deal", Deal, "Deals"),
    "quote": _table("quote", Quote, "Quotes"),
    "order": _table("order", SalesOrder, "Orders"),
    "invoice": _table("invoice", Invoice, "Invoices"),
    "payment": _table("payment", Payment, "Payments"),
}


def readable_columns(access: RecordAccess, table: Table) -> list[Column]:
    """The columns this caller gets: system columns and the fields its role may read.

    ``currency`` is not a catalogue field of deals: it shows when any money field of the record
    does. Sales documents declare it as a field of their own.
    """
    out = []
    own_currency = "currency" in table.spec.fields
    for column in table.columns:
        if column.field == "currency" and not own_currency:
            allowed = any(access.can_read(money) for money in MONEY)
        else:
            allowed = column.field is None or access.can_read(column.field)
        if allowed:
            out.append(column)
    return out
