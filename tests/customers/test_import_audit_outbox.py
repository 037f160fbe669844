"""What a bulk import leaves in the audit trail and the outbox, on either backend and either
path (on PostgreSQL each batch COPYed from the checking pass's staged values without a model
object per row, models/staged_rows.py; one INSERT per row on SQLite or with COPY off): per
contact, the entry and the event contactCreate's write (``record_actions.create_record``) leaves
for the stored row, and the row guard's refusal in the checking pass, before anything is
written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from models import bulk_rows, events
from models.access.catalogue import CATALOGUE
from models.access.records import RecordAccess
from models.audit import AuditEntry
from models.contact import Contact
from models.outbox import OutboxEvent, columns_of
from models.record_actions import QUIET_COLUMNS
from models.snapshot import values_of
from tests.customers.test_import_jobs import run
from tests.support.accounts import signed_in
from tests.support.graphql import GraphQLClient

# Every importable column on the first row, the fewest on the second, lists and normalized
# values (phone, country) on both, and three batches of two.
EVERY = (
    "firstName,lastName,email,phone,position,country,city,address,lifecycleStage,source,"
    "language,preferredChannel,tags\n"
    "Ada,Lovelace,ada@example.com,+34 600 111 222,Countess,gb,London,12 St James's Square,"
    "customer,fair,en,email,vip;math\n"
    "Grace,,,,,,,,,,,,\n"
    "Alan,Turing,alan@example.com,+34600111333,,GB,,,,,pt-BR,sms,crypto\n"
    "Katherine,Johnson,kj@example.com,,,US,,,,,,,\n"
    "Edsger,Dijkstra,,+34600111444,,NL,,,,,nl,phone,\n"
)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"import_batch_size": 2}


@pytest.fixture(params=[True, False], ids=["copy", "per-row"])
def copy(request: pytest.FixtureRequest) -> Iterator[bool]:
    bulk_rows.use_copy(request.param)
    try:
        yield request.param
    finally:
        bulk_rows.use_copy(True)


async def test_each_contact_has_the_audit_entry_and_event_a_create_writes(
    http: httpx.AsyncClient, api: GraphQLClient, copy: bool
) -> None:
    owner = await signed_in(api, "owner")

    job = await run(http, api, owner, EVERY)

    assert (job["state"], job["rowsWritten"]) == ("DONE", 5)
    contacts = await Contact.all().order_by("id")
    assert [c.first_name for c in contacts] == ["Ada", "Grace", "Alan", "Katherine", "Edsger"]
    spec = CATALOGUE["contact"]
    entries = await AuditEntry.filter(action="contact.create").order_by("id")
    announced = await OutboxEvent.filter(object="contact").order_by("id")
    # One each per contact, numbered in the contacts' order.
    assert [e.record_id for e in entries] == [c.pk for c in contacts]
    assert [e.record_id for e in announced] == [c.pk for c in contacts]
    for contact, entry, event in zip(contacts, entries, announced, strict=True):
        stored = columns_of(contact)
        assert (entry.actor_id, entry.object, entry.before) == (owner.user.id, "contact", None)
        assert entry.after == values_of(spec, contact)
        assert (event.kind, event.object, event.actor_id) == (
            events.CREATED,
            "contact",
            owner.user.id,
        )
        assert event.topics == ["contact", f"contact:{contact.pk}"]
        assert event.changed == sorted(stored.keys() - QUIET_COLUMNS)
        assert event.values == stored
        assert event.at == entry.at
        assert (contact.owner_id, contact.version, contact.deleted_at) == (
            owner.user.id,
            1,
            None,
        )

    ada, grace = entries[0].after, entries[1].after
    assert {k: ada[k] for k in ("email", "phone", "country", "tags", "otherEmails")} == {
        "email": "ada@example.com",
        "phone": "+34600111222",
        "country": "GB",
        "tags": ["vip", "math"],
        "otherEmails": [],
    }
    assert (grace["lastName"], grace["email"], grace["tags"], grace["emailConsent"]) == (
        "",
        None,
        [],
        None,
    )
    assert announced[0].values["tags"] == '["vip","math"]'
    assert announced[1].values["lifecycle_stage"] == "lead"  # the column's default


async def test_the_row_guard_refuses_in_the_checking_pass_and_nothing_is_written(
    http: httpx.AsyncClient,
    api: GraphQLClient,
    monkeypatch: pytest.MonkeyPatch,
    copy: bool,
) -> None:
    """A row the landing check refuses fails the import before its first batch is written."""
    owner = await signed_in(api, "owner")
    in_scope = RecordAccess.in_scope_values

    def refusing(self: RecordAccess, values: Any, op: str = "read") -> bool:
        if op == "write" and values.get("first_name") == "Katherine":
            return False
        return in_scope(self, values, op)

    monkeypatch.setattr(RecordAccess, "in_scope_values", refusing)

    job = await run(http, api, owner, EVERY)

    assert (job["state"], job["rowsWritten"]) == ("FAILED", 0)
    assert await Contact.all().count() == 0
    assert await AuditEntry.filter(action="contact.create").count() == 0
    assert await OutboxEvent.filter(object="contact").count() == 0


async def test_copy_builds_no_model_object_per_row(
    http: httpx.AsyncClient,
    api: GraphQLClient,
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
    copy: bool,
) -> None:
    owner = await signed_in(api, "owner")
    made: list[int] = []
    init = Contact.__init__

    def counted(self: Contact, **kwargs: Any) -> None:
        made.append(1)
        init(self, **kwargs)

    monkeypatch.setattr(Contact, "__init__", counted)

    job = await run(http, api, owner, EVERY)

    assert job["rowsWritten"] == 5
    if copy and database_url.startswith("postgres"):
        assert len(made) == 3  # one template per batch
    else:
        assert len(made) == 5
