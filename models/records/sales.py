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
        Field(
            "amount",
            "amount",
            "decimal",
            sensitive=True,
            clearable=False,
            convert=cv.money("amount"),
            filter="range",
            sort=True,
            events=("amount", "currency"),
            plain=False,
        ),
        # Currency belongs to the amount: one may set it only if one may set the amount.
        Field(
            "currency",
            "currency",
            grant="amount",
            clearable=False,
            convert=currencies.iso_code,
            events=(),
        ),
        Field(
            "cost",
            "cost",
            "decimal",
            sensitive=True,
            clearable=False,
            convert=cv.money("cost"),
            filter="range",
            sort=True,
            events=("cost", "currency"),
            plain=False,
        ),
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
        Field(
            "price",
            "price",
            "decimal",
            clearable=False,
            convert=cv.money("price"),
            filter="range",
            sort=True,
            events=("price", "currency"),
            plain=False,
        ),
        # Currency belongs to the price (and cost): one may set it with the price.
        Field(
            "currency",
            "currency",
            grant="price",
            clearable=False,
            convert=currencies.iso_code,
            events=(),
        ),
        # What it costs us: as sensitive as a deal's cost.
        Field(
            "cost",
            "cost",
            "decimal",
            sensitive=True,
            clearable=False,
            convert=cv.money("cost"),
            sort=True,
            events=("cost", "currency"),
            plain=False,
        ),
        Field("active", "active", "bool", clearable=False, filter="eq"),
    ),
    operations=("create", "read", "update", "delete"),
    owned=False,
    search_doc="Name or SKU contains",
    default_sort=(("name", "ASC"),),
)
