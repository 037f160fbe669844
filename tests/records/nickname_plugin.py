"""A pytest plugin that adds one field to a record type the way a developer would: the model's
column, its migration (an ALTER TABLE, below), and one line in the declaration. Nothing else is
edited. Loaded with `-p tests.records.nickname_plugin` before any of Tandem's API modules are
imported (tests/records/test_declared_field.py runs scenario_nickname.py with it)."""

from __future__ import annotations

from tortoise import fields

from models.contact import Contact
from models.records import DECLARED, declare
from models.records.declaration import Field

# The model: a new column.
Contact._meta.add_field("nickname", fields.CharField(max_length=40, null=True))
# The one line: what the API may do with it.
declare(
    DECLARED["contact"].with_field(
        Field("nickname", "nickname", filter="eq", sort=True, search=True)
    )
)

# The migration, applied to the test database once it is migrated.
MIGRATION = "ALTER TABLE contact ADD COLUMN nickname VARCHAR(40)"
