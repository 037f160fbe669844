"""Contact import jobs: a file uploaded to POST /import/contacts, checked and written in the
background, its progress and every bad row readable through importJob(id)."""

from __future__ import annotations

import io
from typing import Any

import httpx
import openpyxl
import orjson
import pytest

from models.audit import AuditEntry
from models.contact import Contact
from models.outbox import OutboxEvent
from tests.support import crm
from tests.support.accounts import Account, signed_in
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant

JOB = """
query($id: ID!, $first: Int, $after: String) {
  importJob(id: $id) {
    state fileName rowsRead rowsValid rowsInvalid rowsWritten mapping dryRun skipInvalid
    errors(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { row field code message } }
    }
  }
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
    "Phoney,other@example.com,+34600111222\n"
)


async def upload(
    http: httpx.AsyncClient,
    token: str | None,
    body: bytes | str,
    *,
    media: str = "text/csv",
    **params: Any,
) -> httpx.Response:
    query = {
        k: orjson.dumps(v).decode() if isinstance(v, dict) else str(v).lower()
        for k, v in params.items()
    }
    headers = {"content-type": media}
    if token:
        headers["authorization"] = f"Bearer {token}"
    content = body.encode() if isinstance(body, str) else body
    return await http.post("/import/contacts", content=content, params=query, headers=headers)


async def run(
    http: httpx.AsyncClient, api: GraphQLClient, who: Account, body: bytes | str, **params: Any
) -> dict[str, Any]:
    """Upload and read the job back (over HTTP in-process the job has run by the answer)."""
    response = await upload(http, who.access_token, body, **params)
    assert response.status_code == 202, response.text
    data = await api.ok(JOB, {"id": response.json()["id"]}, token=who.access_token)
    return dict(data["importJob"])


def bad_rows(job: dict[str, Any]) -> list[tuple[int, str]]:
    return [(e["node"]["row"], e["node"]["field"]) for e in job["errors"]["edges"]]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_good_rows_are_imported_with_audit_and_events(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")

    job = await run(http, api, owner, GOOD)

    assert (job["state"], job["rowsRead"], job["rowsValid"], job["rowsWritten"]) == (
        "DONE",
        1,
        1,
        1,
    )
    made = await Contact.get(first_name="Ada")
    assert (made.email, made.phone, made.owner_id) == (
        "ada@example.com",
        "+34600111222",
        owner.user.id,
    )
    assert await AuditEntry.filter(action="contact.create", record_id=made.pk).count() == 1
    event = await OutboxEvent.get(object="contact", record_id=made.pk)
    assert event.kind == "created" and "email" in event.changed


async def test_a_column_mapping_renames_the_file_columns(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")
    body = "Nombre,Correo,Ignored\nAda,ada@example.com,whatever\n"

    job = await run(http, api, owner, body, mapping={"Nombre": "firstName", "Correo": "email"})

    assert job["rowsWritten"] == 1
    assert (await Contact.get(first_name="Ada")).email == "ada@example.com"


async def test_a_mapping_to_an_unknown_field_is_refused_naming_the_column(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")

    response = await upload(http, owner.access_token, GOOD, mapping={"firstName": "shoeSize"})

    assert response.status_code == 400
    error = response.json()["errors"][0]["extensions"]
    assert error == {"code": "BAD_USER_INPUT", "field": "mapping.firstName"}


async def test_every_bad_row_is_reported_and_nothing_is_written(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")

    job = await run(http, api, owner, MIXED)

    assert job["state"] == "REJECTED"
    assert bad_rows(job) == [
        (2, "email"),
        (3, "firstName"),
        (4, "email"),
        (5, "phone"),
        (6, "phone"),
    ]
    assert (job["rowsRead"], job["rowsValid"], job["rowsInvalid"], job["rowsWritten"]) == (
        6,
        1,
        5,
        0,
    )
    assert await Contact.all().count() == 0


async def test_skip_invalid_writes_the_good_rows_only(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")

    job = await run(http, api, owner, MIXED, skipInvalid=True)

    assert (job["state"], job["rowsWritten"], job["rowsInvalid"]) == ("DONE", 1, 5)
    assert await Contact.all().values_list("first_name", flat=True) == ["Ada"]


async def test_a_dry_run_reports_and_writes_nothing(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")

    job = await run(http, api, owner, MIXED, dryRun=True, skipInvalid=True)

    assert (job["state"], job["dryRun"], job["rowsValid"], job["rowsWritten"]) == (
        "DONE",
        True,
        1,
        0,
    )
    assert len(bad_rows(job)) == 5
    assert await Contact.all().count() == 0


async def test_duplicates_of_visible_contacts_are_found_by_email_or_phone(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")
    await crm.contact(owner.user, email="ada@example.com")
    await crm.contact(owner.user, first_name="Old", phone="+34600999888")
    body = "firstName,email,phone\nAda,Ada@Example.com,\nNew,new@example.com,+34 600 999 888\n"

    job = await run(http, api, owner, body)

    assert bad_rows(job) == [(1, "email"), (2, "phone")]
    assert await Contact.all().count() == 2


async def test_a_contact_the_importer_cannot_see_is_no_duplicate(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    seller = await signed_in(api, "salesperson")
    stranger = await signed_in(api, "salesperson", email="other@acme.test", department="Other")
    await crm.contact(stranger.user, email="ada@example.com")
    own_scope = await custom_role(
        "Own Importer",
        40,
        {
            "contact": grant(
                ["create", "read"], "own", "own", {"firstName": "write", "email": "write"}
            )
        },
    )
    importer = await signed_in(api, own_scope, email="imp@acme.test")

    job = await run(http, api, importer, "firstName,email\nAda,ada@example.com\n")

    assert (job["state"], job["rowsWritten"]) == ("DONE", 1)
    assert seller.user.id != importer.user.id


async def test_errors_are_paginated(http: httpx.AsyncClient, api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    body = "firstName,email\n" + "".join(f"P{i},bad{i}\n" for i in range(5))
    response = await upload(http, owner.access_token, body)
    job_id = response.json()["id"]

    first = await api.ok(JOB, {"id": job_id, "first": 3}, token=owner.access_token)
    page = first["importJob"]["errors"]
    rest = await api.ok(
        JOB,
        {"id": job_id, "first": 3, "after": page["pageInfo"]["endCursor"]},
        token=owner.access_token,
    )

    assert page["totalCount"] == 5 and page["pageInfo"]["hasNextPage"]
    assert [e["node"]["row"] for e in rest["importJob"]["errors"]["edges"]] == [4, 5]


async def test_xlsx_files_import_like_csv(http: httpx.AsyncClient, api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    body = xlsx(
        [
            ["firstName", "email", "phone"],
            ["Ada", "ada@example.com", "+34600111222"],
            ["Bad", "x", None],
        ]
    )

    job = await run(
        http,
        api,
        owner,
        body,
        media="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        skipInvalid=True,
    )

    assert (job["rowsRead"], job["rowsWritten"], bad_rows(job)) == (2, 1, [(2, "email")])
    assert (await Contact.get(first_name="Ada")).phone == "+34600111222"


@pytest.mark.parametrize("settings_overrides", [{"import_batch_size": 2}])
async def test_progress_counts_every_batch(http: httpx.AsyncClient, api: GraphQLClient) -> None:
    owner = await signed_in(api, "owner")
    body = "firstName\n" + "".join(f"P{i}\n" for i in range(5))

    job = await run(http, api, owner, body)

    assert (job["rowsRead"], job["rowsValid"], job["rowsWritten"]) == (5, 5, 5)
    assert await Contact.all().count() == 5


async def test_a_role_without_contact_create_is_refused_before_upload(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    support = await signed_in(api, "support")

    response = await upload(http, support.access_token, GOOD)

    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Contact.all().count() == 0


async def test_a_mapped_field_the_role_may_not_write_is_refused(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    limited = await custom_role(
        "No Phones",
        40,
        {
            "contact": grant(
                ["create", "read"],
                fields={
                    "firstName": "write",
                    "lastName": "write",
                    "email": "write",
                    "phone": "read",
                },
            )
        },
    )
    importer = await signed_in(api, limited, email="imp@acme.test")

    response = await upload(http, importer.access_token, GOOD)

    assert response.status_code == 403
    error = response.json()["errors"][0]["extensions"]
    assert error["code"] == "FORBIDDEN" and error["field"] == "phone"
    assert await Contact.all().count() == 0


async def test_without_a_token_the_upload_is_unauthenticated(http: httpx.AsyncClient) -> None:
    response = await upload(http, None, GOOD)

    assert response.status_code == 401


async def test_another_user_cannot_read_the_job(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")
    other = await signed_in(api, "admin")
    response = await upload(http, owner.access_token, GOOD)

    error = await api.error(JOB, {"id": response.json()["id"]}, token=other.access_token)

    assert error["extensions"]["code"] == "NOT_FOUND"
