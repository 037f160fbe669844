"""The catalogue: every object a role can be granted, its operations and its fields.

Record types are declared once (models/records/) and their entries derived here; the other
objects (users, roles, pipelines, ...) are listed below. Policies (models/access/policy.py) are
validated against it, the gate answers from it, and a test checks that it agrees with the
GraphQL schema: a record type's field that is not listed here is a bug. Field names are the
API's (camelCase); ``column`` is the model attribute they read and filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from models.records import DECLARED
from models.records.declaration import OPERATIONS, RecordType

SCOPES = ("own", "department", "all")
SCOPE_RANK = {scope: rank for rank, scope in enumerate(SCOPES)}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    column: str | None = None
    # Personal or financial data: the Read-only template never gets these.
    sensitive: bool = False
    # Clients may set it (through create/update inputs); otherwise the server derives it.
    writable: bool = True
    # Fields whose values this one reveals: granting it requires granting them (margin = amount -
    # cost, so whoever reads margin and amount knows cost).
    reveals: tuple[str, ...] = ()
    # How the column stores the value: "scalar"; "list" (a JSON text list of strings, see
    # models/contact.py); "consent" (the column plus <column>_at and <column>_source).
    kind: str = "scalar"


@dataclass(frozen=True, slots=True)
class ObjectSpec:
    name: str
    type_name: str
    operations: tuple[str, ...]
    fields: Mapping[str, FieldSpec]
    # Owned records have owner + department: the axes of the own/department scopes.
    owned: bool = False
    # Always readable together with the record (id, version, timestamps); never granted.
    system: frozenset[str] = field(default_factory=frozenset)
    # Owned records someone is assigned to (tasks): the assignee is in the "own" scope too.
    assignee_column: str | None = None
    # Personal records (notifications): only the user this column names ever sees a row,
    # whatever scope a role grants; the gate's scope checks use it instead of owner/department.
    recipient_column: str | None = None

    def field(self, name: str) -> FieldSpec | None:
        return self.fields.get(name)


def _fields(*specs: FieldSpec | str) -> Mapping[str, FieldSpec]:
    built = [s if isinstance(s, FieldSpec) else FieldSpec(s) for s in specs]
    return MappingProxyType({s.name: s for s in built})


ALL_OPS = OPERATIONS
# How a declared type is kept in its column (FieldSpec.kind).
_KINDS = {"list": "list", "consent": "consent"}


def declared(record: RecordType) -> ObjectSpec:
    """A declared record type's catalogue entry (models/records/): the fields a role is granted."""
    return ObjectSpec(
        record.obj,
        record.type_name,
        record.operations,
        _fields(
            *(
                FieldSpec(
                    f.name,
                    f.column,
                    f.sensitive,
                    f.writable,
                    f.reveals,
                    _KINDS.get(f.type, "scalar"),
                )
                for f in record.catalogued()
            )
        ),
        owned=record.owned,
        system=record.system,
        assignee_column=record.assignee_column,
        recipient_column=record.recipient_column,
    )


COMPANY, CONTACT, DEAL, PIPELINE, LEAD, ACTIVITY, TASK, COMMENT, PRODUCT = (
    declared(DECLARED[obj])
    for obj in (
        "company",
        "contact",
        "deal",
        "pipeline",
        "lead",
        "activity",
        "task",
        "comment",
        "product",
    )
)
USER, ROLE, DEPARTMENT, SEGMENT, AUTOMATION_RULE, NOTIFICATION, AUDIT_ENTRY = (
    declared(DECLARED[obj])
    for obj in (
        "user",
        "role",
        "department",
        "segment",
        "automationRule",
        "notification",
        "auditEntry",
    )
)
# Money records (models/records/money.py).
EXCHANGE_RATE, QUOTE, ORDER, INVOICE, PAYMENT = (
    declared(DECLARED[o]) for o in ("exchangeRate", "quote", "order", "invoice", "payment")
)
# Webhook endpoints (models/records/system.py): Owner and Admin by template (every object).
WEBHOOK = declared(DECLARED["webhook"])
# Campaigns (models/records/campaigns.py).
MESSAGE_TEMPLATE, CAMPAIGN = (declared(DECLARED[o]) for o in ("messageTemplate", "campaign"))


# Custom field definitions; each field's values are then granted per role as custom.<key>.
CUSTOM_FIELD = ObjectSpec(
    "customField", "CustomFieldDefinition", ("create", "read", "update", "delete"), _fields()
)

# Access administration: API keys, sign-in attempts and IP blocks; operations only.
ACCESS = ObjectSpec("access", "Access", ("create", "read", "delete"), _fields())

# Database backups (the `backups` query); operations only. Owner and Admin get it with every
# object; other roles only when a custom role grants it.
BACKUP = ObjectSpec("backup", "Backup", ("read",), _fields())


class Catalogue:
    """Objects by name; later, custom fields are added per object from their definitions."""

    def __init__(self, objects: Iterable[ObjectSpec]) -> None:
        self.objects: Mapping[str, ObjectSpec] = MappingProxyType({o.name: o for o in objects})
        self.by_type: Mapping[str, ObjectSpec] = MappingProxyType(
            {o.type_name: o for o in self.objects.values()}
        )

    def __getitem__(self, name: str) -> ObjectSpec:
        return self.objects[name]

    def __contains__(self, name: object) -> bool:
        return name in self.objects

    def __iter__(self) -> Iterator[ObjectSpec]:
        return iter(self.objects.values())


CATALOGUE = Catalogue(
    [
        COMPANY,
        CONTACT,
        DEAL,
        LEAD,
        PIPELINE,
        ACTIVITY,
        TASK,
        COMMENT,
        PRODUCT,
        USER,
        ROLE,
        DEPARTMENT,
        AUDIT_ENTRY,
        CUSTOM_FIELD,
        SEGMENT,
        ACCESS,
        BACKUP,
        AUTOMATION_RULE,
        NOTIFICATION,
        EXCHANGE_RATE,
        QUOTE,
        ORDER,
        INVOICE,
        PAYMENT,
        WEBHOOK,
        MESSAGE_TEMPLATE,
        CAMPAIGN,
    ]
)
