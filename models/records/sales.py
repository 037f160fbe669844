"""Deals (the sales funnel) and products."""

from __future__ import annotations

from models import currencies
from models import values as cv
from models.deal import Deal
from models.deal_status import LOST, OPEN, WON
from models.pipeline import Pipeline, Stage
from models.product import Product
from models.records.customers import COMPANY_REF, CONTACT_REF, TAGS
from models.records.declaration import DEPARTMENT, Field, RecordType, Ref

STATUSES = (OPEN, WON, LOST)
PIPELINE_REF = Ref("Pipeline", "pipeline", Pipeline)
# A stage is part of its pipeline: guarded by the pipeline's permission.
STAGE_REF = Ref("Stage", "pipeline", Stage)

PIPELINE = RecordType(
    "pipeline",
    "Pipeline",
    Pipeline,
    (
        Field("name", "name", required=True, convert=str.strip),
        Field("department", "department_id", "ref", ref=DEPARTMENT, plain=False),
        Field("position", "position", "int", empty=0),
        # Stages are part of their pipeline: changing them (create, update, reorder) is a
        # write of this field.
        Field(
            "stages", None, "computed", create=False, update=False, events=("stages",), plain=False
        ),
    ),
    operations=("create", "read", "update", "delete"),
    owned=False,
)


def money(name: str, *, sensitive: bool = False, filter: str | None = None) -> Field:
    """An amount of money kept with the record's one currency: a change of the currency is
    a change of every amount in it (events), the value is read with it (by hand, as Money)."""
    return Field(
        name,
        name,
        "decimal",
        sensitive=sensitive,
        clearable=False,
        convert=cv.money(name),
        filter=filter,
        sort=True,
        events=(name, "currency"),
        plain=False,
    )


def currency_of(amount: str) -> Field:
    """The record's currency, set with (and only by whoever may set) its main amount."""
    return Field(
        "currency",
        "currency",
        grant=amount,
        clearable=False,
        convert=currencies.iso_code,
        events=(),
    )


DEAL = RecordType(
    "deal",
    "Deal",
    Deal,
    (
        Field("title", "title", required=True, convert=str.strip, sort=True, search=True),
        # Follows the stage: a deal changes pipeline by moving to another pipeline's stage.
        Field(
            "pipeline",
            "pipeline_id",
            "ref",
            ref=PIPELINE_REF,
            writable=False,
            filter="ref",
            plain=False,
        ),
        Field("stage", "stage_id", "ref", ref=STAGE_REF, required=True, filter="ref", plain=False),
        Field("position", "position", "bigint", writable=False, sort=True),
        money("amount", sensitive=True, filter="range"),
        # Currency belongs to the amount: one may set it only if one may set the amount.
        currency_of("amount"),
        money("cost", sensitive=True, filter="range"),
        Field(
            "margin",
            None,
            "computed",
            sensitive=True,
            writable=False,
            reveals=("amount", "cost"),
            events=("amount", "cost"),
            plain=False,
        ),
        Field("probability", "probability", "int", convert=cv.percentage("probability")),
        Field("expectedClose", "expected_close", "date"),
        Field("contact", "contact_id", "ref", ref=CONTACT_REF, filter="ref", plain=False),
        Field("company", "company_id", "ref", ref=COMPANY_REF, filter="ref", plain=False),
        Field(
            "status",
            "status",
            clearable=False,
            choices=STATUSES,
            filter="eq",
            sort=True,
            create=False,
        ),
        Field("lostReason", "lost_reason", create=False),
        # When it was won or lost; follows the status.
        Field("closedAt", "closed_at", "datetime", writable=False),
        Field("lastActivity", None, "computed", writable=False, export=False, plain=False),
        # Line prices add up to the amount: reading them reveals it, and setting them
        # (dealLineItemsSet) is a write of the amount.
        Field(
            "lineItems",
            None,
            "computed",
            sensitive=True,
            writable=False,
            reveals=("amount",),
            events=("line_items",),
            export=False,
            plain=False,
        ),
        # Who moved the deal from which stage to which, when, after how long.
        Field("stageHistory", None, "computed", writable=False, export=False, plain=False),
        TAGS,
    ),
    custom=True,
    search_doc="Title contains",
)

PRODUCT = RecordType(
    "product",
    "Product",
    Product,
    (
        Field("name", "name", required=True, convert=str.strip, sort=True, search=True),
        Field(
            "sku", "sku", required=True, convert=str.strip, filter="iexact", sort=True, search=True
        ),
        money("price", filter="range"),
        # Currency belongs to the price (and cost): one may set it with the price.
        currency_of("price"),
        # What it costs us: as sensitive as a deal's cost.
        money("cost", sensitive=True),
        Field("active", "active", "bool", clearable=False, filter="eq"),
    ),
    operations=("create", "read", "update", "delete"),
    owned=False,
    search_doc="Name or SKU contains",
    default_sort=(("name", "ASC"),),
)
