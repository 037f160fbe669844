"""Role templates shipped as data: a level (rank) and permission data per template.

Template roles in the database are kept equal to this data (auth/roles.py) and cannot be edited
through the API; to adjust one, create a custom role from it. One may only create or assign roles
ranked below one's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from models.access.catalogue import CATALOGUE, ObjectSpec
from models.access.policy import READ, WRITE, from_fields
from models.i18n import N_


@dataclass(frozen=True, slots=True)
class RoleTemplate:
    key: str
    name: str
    level: int
    permissions: Mapping[str, Any]


CRUD = ("create", "read", "update", "delete")
EVERYTHING = ("create", "read", "update", "delete", "export", "assign")


def _grant(
    obj: str,
    ops: Iterable[str],
    read: str = "all",
    write: str = "all",
    *,
    hide: Iterable[str] = (),
    read_only: Iterable[str] = (),
    only: Iterable[str] | None = None,
    sensitive: bool = True,
) -> tuple[str, dict[str, Any]]:
    """One object's grant: every field readable except ``hide`` (and sensitive ones when
    ``sensitive`` is false), writable where the field is and the ops allow writing."""
    spec: ObjectSpec = CATALOGUE[obj]
    ops = [op for op in ops if op in spec.operations]
    writes = bool({"create", "update"} & set(ops))
    hidden, locked = set(hide), set(read_only)
    fields = {}
    for f in spec.fields.values():
        if f.name in hidden or (not sensitive and f.sensitive):
            continue
        if only is not None and f.name not in only:
            continue
        fields[f.name] = WRITE if writes and f.writable and f.name not in locked else READ
    return obj, from_fields(ops, read, write, fields)


def _all_objects(read: str, write: str) -> dict[str, Any]:
    return dict(_grant(o.name, o.operations, read, write) for o in CATALOGUE)


DIRECTORY = _grant("user", ("read",), only=("name", "email", "role", "departments", "manager"))
PIPELINES = _grant("pipeline", ("read",))
DEPARTMENTS = _grant("department", ("read",))
ROLES = _grant("role", ("read",))
# Everyone who works with records may see which custom fields exist; defining them is for
# Owner and Admin (they get everything through _all_objects).
CUSTOM_FIELDS = _grant("customField", ("read",))
SEGMENTS = _grant("segment", ("read",))
DEAL_MONEY = ("cost", "margin")
# Sales managers and sellers see which automation rules act on their pipelines; Owner, Admin and
# Senior Manager write them.
RULES_READ = _grant("automationRule", ("read",))
# Sellers see list prices, not what a product costs the company.
CATALOGUE_READ = _grant("product", ("read",), hide=("cost",))
# Exchange rates: finance (Owner, Admin, Senior Manager) sets them; whoever prices deals and
# documents reads them.
RATES_READ = _grant("exchangeRate", ("read",))
# Sales documents: sellers quote and take orders for their own customers and see their
# department's, without cost or margin (DEAL_MONEY); managers see margins.
SELLER_DOCUMENTS = ("create", "read", "update")

# Everyone who discusses may read every comment on a record they see; only the author
# (writeScope own) edits or deletes one: an author's words are not rewritten by others.
DISCUSS = _grant("comment", CRUD, "all", "own", read_only=("owner", "department"))
# Everyone reads and marks read their own notifications, and nobody else's: the gate limits
# notifications to their recipient whatever the scope says; "own" says so in the matrix too.
NOTIFICATIONS = _grant("notification", ("read", "update"), "own", "own")
OWNER = {**_all_objects("all", "all"), "comment": DISCUSS[1], "notification": NOTIFICATIONS[1]}
ADMIN = {**_all_objects("all", "all"), "comment": DISCUSS[1], "notification": NOTIFICATIONS[1]}
SENIOR_MANAGER = dict(
    [
        _grant("company", EVERYTHING),
        _grant("contact", EVERYTHING),
        _grant("deal", EVERYTHING),
        _grant("lead", EVERYTHING),
        _grant("activity", EVERYTHING),
        _grant("task", EVERYTHING),
        DISCUSS,
        _grant("pipeline", CRUD),
        _grant("product", CRUD),
        _grant("user", CRUD, read_only=("email",)),
        _grant("role", CRUD),
        _grant("auditEntry", ("read",)),
        DEPARTMENTS,
        CUSTOM_FIELDS,
        _grant("segment", CRUD),
        _grant("automationRule", CRUD),
        NOTIFICATIONS,
        _grant("exchangeRate", ("create", "read", "update")),
        _grant("quote", EVERYTHING),
        _grant("order", EVERYTHING),
        _grant("invoice", EVERYTHING),
        _grant("payment", EVERYTHING),
    ]
)
MANAGER = dict(
    [
        _grant("company", EVERYTHING, "all", "department"),
        _grant("contact", EVERYTHING, "all", "department"),
        _grant("deal", EVERYTHING, "department", "department"),
        _grant("lead", EVERYTHING, "department", "department"),
        _grant("activity", EVERYTHING, "department", "department"),
        _grant("task", EVERYTHING, "department", "department"),
        DISCUSS,
        PIPELINES,
        _grant("product", ("create", "read", "update")),
        _grant("user", ("create", "read", "update", "delete"), read_only=("email",)),
        ROLES,
        DEPARTMENTS,
        CUSTOM_FIELDS,
        _grant("segment", CRUD),
        RULES_READ,
        NOTIFICATIONS,
        RATES_READ,
        _grant("quote", EVERYTHING, "department", "department"),
        _grant("order", EVERYTHING, "department", "department"),
        # Managers invoice their department's orders and record what customers pay.
        _grant("invoice", EVERYTHING, "department", "department"),
        # Payments follow their invoice's scope (models/records/invoices.py).
        _grant("payment", ("create", "read", "export"), "department", "department"),
    ]
)
SALESPERSON = dict(
    [
        _grant("company", ("create", "read", "update"), "all", "own"),
        _grant("contact", ("create", "read", "update"), "all", "own"),
        _grant(
            "deal",
            ("create", "read", "update", "delete"),
            "department",
            "own",
            hide=DEAL_MONEY,
            read_only=("owner", "department"),
        ),
        # Sellers work the leads of their department and convert their own.
        _grant("lead", ("create", "read", "update"), "department", "own"),
        # Sellers log their own interactions and read their department's.
        _grant("activity", CRUD, "department", "own", read_only=("owner", "department")),
        # Their own tasks and those assigned to them ("own" covers the assignee).
        _grant("task", CRUD, "department", "own", read_only=("owner", "department")),
        DISCUSS,
        PIPELINES,
        CATALOGUE_READ,
        DIRECTORY,
        DEPARTMENTS,
        ROLES,
        CUSTOM_FIELDS,
        SEGMENTS,
        RULES_READ,
        NOTIFICATIONS,
        RATES_READ,
        _grant(
            "quote",
            SELLER_DOCUMENTS,
            "department",
            "own",
            hide=DEAL_MONEY,
            read_only=("owner", "department"),
        ),
        _grant(
            "order",
            SELLER_DOCUMENTS,
            "department",
            "own",
            hide=DEAL_MONEY,
            read_only=("owner", "department"),
        ),
        # Sellers see their department's invoices (to chase payment) and what was paid on
        # them, but neither issue nor cancel invoices, nor record payments.
        _grant("invoice", ("read",), "department", "own", hide=DEAL_MONEY),
        _grant("payment", ("read",), "department", "own"),
    ]
)
MARKETING = dict(
    [
        _grant("company", ("read", "export"), "all", "own"),
        _grant("contact", ("create", "read", "update", "export"), "all", "own"),
        # Marketing brings leads in (campaigns, forms) and sees how they fare.
        _grant("lead", ("create", "read", "update", "export"), "all", "own"),
        _grant("deal", ("read",), "all", "own", hide=("amount", "lineItems", *DEAL_MONEY)),
        _grant("activity", ("read",), "all", "own"),
        _grant("task", CRUD, "own", "own", read_only=("owner", "department")),
        DISCUSS,
        PIPELINES,
        CATALOGUE_READ,
        DIRECTORY,
        DEPARTMENTS,
        ROLES,
        CUSTOM_FIELDS,
        _grant("segment", CRUD),
        # Marketing writes the templates and runs the campaigns (send, schedule, pause, cancel
        # are updates of a campaign).
        _grant("messageTemplate", CRUD),
        _grant("campaign", CRUD),
        NOTIFICATIONS,
    ]
)
SUPPORT = dict(
    [
        _grant("company", ("read",), "all", "own"),
        _grant("task", CRUD, "all", "own", read_only=("owner", "department")),
        DISCUSS,
        # Support logs the calls and chats it handles; deals are not its business.
        _grant(
            "activity",
            ("create", "read", "update"),
            "all",
            "own",
            hide=("deal",),
            read_only=("owner", "department"),
        ),
        _grant(
            "contact",
            ("read", "update"),
            "all",
            "all",
            only=(
                "firstName",
                "lastName",
                "email",
                "phone",
                "position",
                "company",
                "country",
                "city",
                "lifecycleStage",
                "source",
                "owner",
                "department",
                "otherEmails",
                "otherPhones",
                "address",
                "preferredChannel",
                "language",
                "emailConsent",
                "smsConsent",
                "productInterests",
                "tags",
                "lastActivity",
            ),
            # Support keeps contact details and consent current (a customer calling to
            # unsubscribe); who the contact is and whose it is stay with sales.
            read_only=(
                "firstName",
                "lastName",
                "company",
                "lifecycleStage",
                "source",
                "owner",
                "department",
                "country",
                "city",
                "position",
                "productInterests",
                "tags",
            ),
        ),
        DIRECTORY,
        DEPARTMENTS,
        ROLES,
        CUSTOM_FIELDS,
        SEGMENTS,
        NOTIFICATIONS,
    ]
)
READ_ONLY = dict(
    [
        _grant("company", ("read",), "all", "own", sensitive=False),
        _grant("contact", ("read",), "all", "own", sensitive=False),
        _grant("deal", ("read",), "all", "own", sensitive=False),
        _grant("lead", ("read",), "all", "own", sensitive=False),
        _grant("activity", ("read",), "all", "own", sensitive=False),
        _grant("task", ("read",), "all", "own", sensitive=False),
        _grant("comment", ("read",), "all", "own", sensitive=False),
        PIPELINES,
        _grant("product", ("read",), sensitive=False),
        _grant("quote", ("read",), "all", "own", sensitive=False),
        _grant("order", ("read",), "all", "own", sensitive=False),
        _grant("invoice", ("read",), "all", "own", sensitive=False),
        _grant("payment", ("read",), "all", "own", sensitive=False),
        DIRECTORY,
        DEPARTMENTS,
        ROLES,
        CUSTOM_FIELDS,
        SEGMENTS,
        NOTIFICATIONS,
    ]
)

TEMPLATES: tuple[RoleTemplate, ...] = (
    RoleTemplate("owner", N_("Owner"), 100, OWNER),
    RoleTemplate("admin", N_("Admin"), 90, ADMIN),
    RoleTemplate("senior_manager", N_("Senior Manager"), 70, SENIOR_MANAGER),
    RoleTemplate("manager", N_("Manager"), 60, MANAGER),
    RoleTemplate("salesperson", N_("Salesperson"), 40, SALESPERSON),
    RoleTemplate("marketing", N_("Marketing"), 40, MARKETING),
    RoleTemplate("support", N_("Support"), 40, SUPPORT),
    RoleTemplate("read_only", N_("Read-only"), 10, READ_ONLY),
)

BY_KEY = {t.key: t for t in TEMPLATES}
# A template role's row keeps the template's English name (the message id); readers see it in
# their language (schema/types/accounts.py Role.name).
TEMPLATE_NAMES: Mapping[str, str] = {t.key: t.name for t in TEMPLATES}
