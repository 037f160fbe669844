"""The one error mapping: domain errors keep their code, anything unexpected is masked."""

from __future__ import annotations

from enum import Enum

import strawberry

from models.errors import Conflict, NotFound
from schema.errors import MASKED_MESSAGE, ErrorCodes


@strawberry.enum
class Colour(Enum):
    RED = "red"


@strawberry.type
class FailingQuery:
    @strawberry.field
    def paint(self, colour: Colour) -> str:
        return colour.value

    @strawberry.field
    def missing(self) -> str:
        raise NotFound("No such deal")

    @strawberry.field
    def stale(self) -> str:
        raise Conflict("Deal was changed by someone else", current_version=7)

    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError('relation "secret_table" does not exist')


schema = strawberry.Schema(query=FailingQuery, extensions=[ErrorCodes])


async def test_a_domain_error_keeps_its_message_and_code() -> None:
    result = await schema.execute("{ missing }")
    assert result.errors is not None
    assert result.errors[0].message == "No such deal"
    assert result.errors[0].extensions == {"code": "NOT_FOUND"}


async def test_a_conflict_carries_the_current_version() -> None:
    result = await schema.execute("{ stale }")
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "CONFLICT", "currentVersion": 7}


async def test_an_unexpected_error_is_masked_and_reveals_no_internals() -> None:
    result = await schema.execute("{ broken }")
    assert result.errors is not None
    assert result.errors[0].message == MASKED_MESSAGE
    assert result.errors[0].extensions == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret_table" not in str(result.errors[0].formatted)


async def test_a_variable_outside_its_enum_is_bad_input_not_masked() -> None:
    result = await schema.execute(
        "query($c: Colour!) { paint(colour: $c) }", variable_values={"c": "BLUE"}
    )
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT", "field": "c"}
    assert "BLUE" in result.errors[0].message
