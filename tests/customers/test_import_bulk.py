"""The contact import's bulk path (issue 16): on PostgreSQL contacts, audit entries and outbox
events go in through COPY. It must write what one INSERT per row writes, answer bad rows as
before, and really be the path taken. ``use_copy(False)`` is the per-row path (SQLite's)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from models import bulk_rows
from models.audit import AuditEntry
from models.contact import Contact
from models.import_job import ImportKey
from models.outbox import OutboxEvent, columns_of
from resolvers.import_rows import RowChecker
from tests.customers.test_import_jobs import bad_rows, run, upload
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

# Columns that are the same whichever path wrote them (no e-mail or phone: the same file is
# imported twice, and those would be duplicates the second time).
PEOPLE = (
    "firstName,lastName,city,country,lifecycleStage,tags,position,language\n"
    "Ada,Lovelace,London,GB,customer,vip;math,Countess,en\n"
    "Grace,Hopper,Arlington,US,lead,,Rear admiral,\n"
    "Alan,Turing,,GB,,crypto,,\n"
)
# Batches of two (settings below): row 3 is bad in the middle batch, rows 4 and 5 repeat an
# e-mail and a phone of row 1, an earlier batch.
MIDDLE = (
    "firstName,email,phone\n"
    "Ada,ada@example.com,+34 600 111 222\n"
    "Bob,bob@example.com,\n"
    "Bad,not-an-email,\n"
    "Cy,ADA@example.com,\n"
    "Di,di@example.com,+34600111222\n"
    "Eve,eve@example.com,\n"
)
MESSAGES = """
query($id: ID!) {
  importJob(id: $id) {
    state rowsWritten rowsInvalid errors(first: 10) { edges { node { row field code message } } }
  }
}
"""
MOVING = {"id", "created_at", "updated_at", "createdAt", "updatedAt"}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"import_batch_size": 2}


def _steady(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in MOVING}


async def _written(after_id: int) -> list[dict[str, Any]]:
    """Each contact past ``after_id`` with its audit entry and event, ids and times left out."""
    out = []
    for contact in await Contact.filter(id__gt=after_id).order_by("id"):
        pk = contact.pk
        audit = await AuditEntry.get(action="contact.create", record_id=pk)
        event = await OutboxEvent.get(object="contact", record_id=pk)
        out.append(
            {
                "contact": _steady(columns_of(contact)),
                "audit": (audit.actor_id, audit.object, audit.before, _steady(audit.after)),
                "event": (
                    event.kind,
                    event.actor_id,
                    [t.replace(str(pk), "ID") for t in event.topics],
                    event.changed,
                    _steady(event.values),
                ),
            }
        )
    return out


async def test_copy_writes_what_one_insert_per_row_writes(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    owner = await signed_in(api, "owner")

    copied = await run(http, api, owner, PEOPLE)
    by_copy = await _written(0)
    last = max(c.pk for c in await Contact.all())
    bulk_rows.use_copy(False)
    try:
        inserted = await run(http, api, owner, PEOPLE)
    finally:
        bulk_rows.use_copy(True)
    by_insert = await _written(last)

    assert copied["rowsWritten"] == inserted["rowsWritten"] == 3
    assert [w["contact"]["first_name"] for w in by_copy] == ["Ada", "Grace", "Alan"]
    assert len(by_copy) == len(by_insert)
    for copy, insert in zip(by_copy, by_insert, strict=True):
        assert copy["contact"] == insert["contact"]
        assert copy["audit"] == insert["audit"]
        assert copy["event"] == insert["event"]
    assert by_copy[0]["contact"]["tags"] == '["vip","math"]'


async def test_the_copy_path_is_taken_on_postgresql_only(
    http: httpx.AsyncClient, api: GraphQLClient, database_url: str
) -> None:
    owner = await signed_in(api, "owner")
    before = dict(bulk_rows.COPIED)

    job = await run(http, api, owner, PEOPLE)

    assert job["rowsWritten"] == 3
    statements = bulk_rows.COPIED["statements"] - before["statements"]
    rows = bulk_rows.COPIED["rows"] - before["rows"]
    if database_url.startswith("postgres"):
        # Two batches (2 + 1 rows): contacts, audit entries, events: one COPY each per batch.
        assert (statements, rows) == (6, 9)
    else:
        assert (statements, rows) == (0, 0)


async def test_copy_ids_are_those_of_the_sequence(
    http: httpx.AsyncClient, api: GraphQLClient
) -> None:
    """Ids drawn for a COPY are the sequence's: a contact created after the import gets the
    next one, with no collision."""
    owner = await signed_in(api, "owner")
    await run(http, api, owner, PEOPLE)
    imported = sorted(c.pk for c in await Contact.all())

    after = await Contact.create(first_name="Later", owner_id=owner.user.id)

    assert len(set(imported)) == 3 and after.pk > imported[-1]


@pytest.mark.parametrize("copy", [True, False], ids=["copy", "per-row"])
async def test_a_bad_row_in_the_middle_rejects_the_file_and_writes_nothing(
    http: httpx.AsyncClient, api: GraphQLClient, copy: bool
) -> None:
    owner = await signed_in(api, "owner")
    bulk_rows.use_copy(copy)
    try:
        job = await run(http, api, owner, MIDDLE)
    finally:
        bulk_rows.use_copy(True)

    assert job["state"] == "REJECTED"
    assert bad_rows(job) == [(3, "email"), (4, "email"), (5, "phone")]
    assert (job["rowsRead"], job["rowsValid"], job["rowsInvalid"], job["rowsWritten"]) == (
        6,
        3,
        3,
        0,
    )
    assert await Contact.all().count() == 0
    assert await AuditEntry.filter(action="contact.create").count() == 0
    assert await OutboxEvent.filter(object="contact").count() == 0
    assert await ImportKey.all().count() == 0  # the checking pass's keys are gone


@pytest.mark.parametrize("copy", [True, False], ids=["copy", "per-row"])
async def test_skip_invalid_writes_the_rows_around_the_bad_ones(
    http: httpx.AsyncClient, api: GraphQLClient, copy: bool
) -> None:
    owner = await signed_in(api, "owner")
    bulk_rows.use_copy(copy)
    try:
        response = await upload(http, owner.access_token, MIDDLE, skipInvalid=True)
    finally:
        bulk_rows.use_copy(True)
    assert response.status_code == 202, response.text
    read = await api.ok(MESSAGES, {"id": response.json()["id"]}, token=owner.access_token)
    job = read["importJob"]

    assert (job["state"], job["rowsWritten"], job["rowsInvalid"]) == ("DONE", 3, 3)
    names = await Contact.all().order_by("id").values_list("first_name", flat=True)
    assert names == ["Ada", "Bob", "Eve"]
    ids = [c.pk for c in await Contact.all()]
    assert sorted(
        await AuditEntry.filter(action="contact.create").values_list("record_id", flat=True)
    ) == sorted(ids)
    assert sorted(
        await OutboxEvent.filter(object="contact").values_list("record_id", flat=True)
    ) == sorted(ids)
    assert [
        (e["node"]["row"], e["node"]["field"], e["node"]["code"], e["node"]["message"])
        for e in job["errors"]["edges"]
    ][1:] == [
        (4, "email", "BAD_USER_INPUT", "Same e-mail as row 1"),
        (5, "phone", "BAD_USER_INPUT", "Same phone as row 1"),
    ]


@pytest.mark.parametrize("skip_invalid", [True, False], ids=["skip-invalid", "rejected"])
async def test_each_row_is_checked_once_and_the_staged_values_are_removed(
    http: httpx.AsyncClient,
    api: GraphQLClient,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    skip_invalid: bool,
) -> None:
    """The writing pass takes the checking pass's staged values (imports/staging.py): no row
    is checked twice, what it writes is what was checked, and the staged file does not
    outlive the import, whether it wrote or was rejected."""
    owner = await signed_in(api, "owner")
    checked: list[str] = []
    check = RowChecker.values

    def counted(self: RowChecker, cells: Any) -> dict[str, Any]:
        checked.append(cells[0])
        return check(self, cells)

    monkeypatch.setattr(RowChecker, "values", counted)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    response = await upload(http, owner.access_token, MIDDLE, skipInvalid=skip_invalid)
    assert response.status_code == 202, response.text
    read = await api.ok(MESSAGES, {"id": response.json()["id"]}, token=owner.access_token)
    job = read["importJob"]

    assert checked == ["Ada", "Bob", "Bad", "Cy", "Di", "Eve"]
    if skip_invalid:
        assert (job["state"], job["rowsWritten"]) == ("DONE", 3)
        names = await Contact.all().order_by("id").values_list("email", flat=True)
        assert names == ["ada@example.com", "bob@example.com", "eve@example.com"]
        phones = await Contact.filter(first_name="Ada").values_list("phone", flat=True)
        assert phones == ["+34600111222"]  # the normalized value the check made
    else:
        assert (job["state"], job["rowsWritten"]) == ("REJECTED", 0)
        assert await Contact.all().count() == 0
    assert os.listdir(tmp_path) == []
