"""contactImport: CSV rows checked one by one, every bad row reported with its field, a dry run
writes nothing, bad rows stop the import unless skipInvalid, duplicates found by e-mail."""

from __future__ import annotations

from models.contact import Contact
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

IMPORT = """
mutation($in: ContactImportInput!) {
  contactImport(input: $in) { rows valid created errors { row field code message } }
}
"""
GOOD = "firstName,lastName,email,phone\nAda,Lovelace,ada@example.com,+34 600 111 222\n"
MIXED = (
    "firstName,email,phone\n"
    "Ada,ada@example.com,+34 600 111 222\n"
    "Bad,not-an-email,\n"
    ",nobody@example.com,\n"
    "Twin,ADA@example.com,\n"
    "Grace,grace@example.com,12\n"
)


def _errors(data: dict[str, object]) -> list[tuple[int, str]]:
    return [(e["row"], e["field"]) for e in data["contactImport"]["errors"]]  # type: ignore[index]


async def test_good_rows_are_imported(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    data = await api.ok(IMPORT, {"in": {"csv": GOOD}}, token=owner.access_token)

    assert data["contactImport"] == {"rows": 1, "valid": 1, "created": 1, "errors": []}
    made = await Contact.get(first_name="Ada")
    assert (made.email, made.phone) == ("ada@example.com", "+34600111222")


async def test_every_bad_row_is_reported_and_nothing_is_written(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    data = await api.ok(IMPORT, {"in": {"csv": MIXED}}, token=owner.access_token)

    assert _errors(data) == [(2, "email"), (3, "firstName"), (4, "email"), (5, "phone")]
    assert data["contactImport"]["created"] == 0 and data["contactImport"]["valid"] == 1
    assert await Contact.all().count() == 0


async def test_skip_invalid_imports_the_good_rows_only(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    data = await api.ok(
        IMPORT, {"in": {"csv": MIXED, "skipInvalid": True}}, token=owner.access_token
    )

    assert data["contactImport"]["created"] == 1
    assert await Contact.all().count() == 1


async def test_a_dry_run_writes_nothing(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")

    data = await api.ok(IMPORT, {"in": {"csv": GOOD, "dryRun": True}}, token=owner.access_token)

    assert data["contactImport"] == {"rows": 1, "valid": 1, "created": 0, "errors": []}
    assert await Contact.all().count() == 0


async def test_an_existing_email_is_a_duplicate(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    await crm.contact(owner.user, email="ada@example.com")

    data = await api.ok(IMPORT, {"in": {"csv": GOOD}}, token=owner.access_token)

    assert _errors(data) == [(1, "email")]
    assert await Contact.all().count() == 1


async def test_a_mapping_renames_columns(api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    csv_text = "Nombre,Correo\nAda,ada@example.com\n"

    data = await api.ok(
        IMPORT,
        {"in": {"csv": csv_text, "mapping": {"Nombre": "firstName", "Correo": "email"}}},
        token=owner.access_token,
    )

    assert data["contactImport"]["created"] == 1


async def test_importing_needs_contact_create(api: GraphQLClient) -> None:
    reader = await signed_in(api, "read_only")

    error = await api.error(IMPORT, {"in": {"csv": GOOD}}, token=reader.access_token)

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert await Contact.all().count() == 0


async def test_importing_a_field_the_role_may_not_write_is_a_row_error(
    api: GraphQLClient,
) -> None:
    # Support may not create contacts at all; a custom role without phone write is the case.
    from tests.support.roles import custom_role, grant

    narrow = {"contact": grant(["create", "read"], fields={"firstName": "write", "email": "write"})}
    importer = await signed_in(api, await custom_role("Importer", 20, narrow))

    data = await api.ok(IMPORT, {"in": {"csv": GOOD}}, token=importer.access_token)

    assert data["contactImport"]["errors"][0]["code"] == "FORBIDDEN"
    assert await Contact.all().count() == 0
