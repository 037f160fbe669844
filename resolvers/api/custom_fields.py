"""Custom field definitions and the inputs that define and filter them."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON

from models.custom_field import CustomField as CustomFieldModel
from models.global_ids import global_id
from resolvers.api.kinds import ObjectKind


@strawberry.enum
class CustomFieldType(Enum):
    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"
    BOOLEAN = "boolean"
    SELECT = "select"
    MULTISELECT = "multiselect"
    LINK = "link"


@strawberry.type(description="A field added to companies, contacts or deals")
class CustomFieldDefinition:
    _row: strawberry.Private[CustomFieldModel]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(global_id("CustomFieldDefinition", self._row.pk))

    @strawberry.field
    def object(self) -> ObjectKind:
        return ObjectKind(self._row.object)

    @strawberry.field(description="The API name: custom.<key> in values, filters, permissions")
    def key(self) -> str:
        return self._row.key

    @strawberry.field
    def label(self) -> str:
        return self._row.label

    @strawberry.field
    def type(self) -> CustomFieldType:
        return CustomFieldType(self._row.type)

    @strawberry.field(description="The choices of a select or multiselect field")
    def options(self) -> list[str]:
        return list(self._row.options or [])

    @strawberry.field(description="Only for roles trusted with the object's sensitive fields")
    def sensitive(self) -> bool:
        return self._row.sensitive

    @strawberry.field
    def version(self) -> int:
        return self._row.version


@strawberry.input
class CustomFieldDefineInput:
    object: ObjectKind
    key: str
    label: str
    type: CustomFieldType
    options: list[str] | None = None
    sensitive: bool = False


@strawberry.input
class CustomFieldUpdateInput:
    id: strawberry.ID
    expected_version: int | None = None
    label: str | None = UNSET
    options: list[str] | None = UNSET
    sensitive: bool | None = UNSET


@strawberry.enum
class CustomFilterOp(Enum):
    EQ = "EQ"
    NE = "NE"
    GT = "GT"
    GTE = "GTE"
    LT = "LT"
    LTE = "LTE"
    CONTAINS = "CONTAINS"
    IS_SET = "IS_SET"


@strawberry.input(description="A test on one custom field; GT..LTE on number, money, date")
class CustomFilter:
    key: str
    op: CustomFilterOp = CustomFilterOp.EQ
    value: JSON | None = None
