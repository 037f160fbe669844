"""Run by test_declared_field.py in its own pytest process with nickname_plugin loaded: a field
added to the contact declaration shows in the type, the inputs, the filter, the order, search,
exports and events, and a role that may not read it gets none of it on any of those paths."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import closing
from typing import Any

import asyncpg
import httpx
import pytest

from tests.records.nickname_plugin import MIGRATION
from tests.support.accounts import signed_in
from tests.support.exports import csv_records, download
from tests.support.graphql import GraphQLClient
from tests.support.roles import custom_role, grant
from tests.support.subscriber import subscribed

CREATE = "mutation($in: ContactCreateInput!) { contactCreate(input: $in) { id nickname } }"
UPDATE = "mutation($in: ContactUpdateInput!) { contactUpdate(input: $in) { id nickname } }"
BY_NICKNAME = """query($nick: String!) {
  contacts(filter: { nickname: $nick }) { totalCount edges { node { firstName nickname } } }
}"""
ORDERED = """query {
  contacts(orderBy: [{ field: NICKNAME, direction: DESC }]) { edges { node { firstName } } }
}"""
SEARCH = "query($q: String!) { contacts(filter: { search: $q }) { totalCount } }"
EVENTS = """subscription {
  recordEvents(objects: [CONTACT], after: "0") {
    kind changedFields record { ... on Contact { firstName nickname } }
  }
}"""
# Selecting nickname would be FORBIDDEN for the reader (as in a query): it asks for the rest.
READER_EVENTS = EVENTS.replace(" nickname", "")


@pytest.fixture(scope="session")
def database_url(database_url: str) -> Iterator[str]:
    """The suite's migrated database, plus this field's migration."""
    import asyncio

    async def migrate() -> None:
        if database_url.startswith(("postgres://", "postgresql://")):
            conn = await asyncpg.connect(database_url)
            try:
                await conn.execute(MIGRATION)
            finally:
                await conn.close()
        else:
            # closing(): a connection's own `with` commits but does not close it (Python 3.13
            # warns of an unclosed connection, and warnings are errors here).
            with closing(sqlite3.connect(database_url.removeprefix("sqlite://"))) as conn, conn:
                conn.execute(MIGRATION)

    asyncio.run(migrate())
    yield database_url


@pytest.fixture
async def reader(api: GraphQLClient) -> AsyncIterator[str]:
    """A role that reads and exports contacts' names but not their nicknames."""
    fields = {"firstName": "write", "lastName": "read"}
    role = await custom_role(
        "No nicknames",
        30,
        {"contact": grant(["create", "read", "update", "export"], fields=fields)},
    )
    yield (await signed_in(api, role, email="reader@acme.test")).access_token


async def _two_contacts(api: GraphQLClient, token: str) -> list[str]:
    made = []
    for first, nick in (("Ada", "countess"), ("Grace", "amazing")):
        data = await api.ok(CREATE, {"in": {"firstName": first, "nickname": nick}}, token=token)
        assert data["contactCreate"]["nickname"] == nick
        made.append(data["contactCreate"]["id"])
    return made


async def test_the_field_is_written_read_filtered_sorted_and_searched(api: GraphQLClient) -> None:
    owner = (await signed_in(api, "owner")).access_token
    ada, _ = await _two_contacts(api, owner)

    found = await api.ok(BY_NICKNAME, {"nick": "countess"}, token=owner)
    ordered = await api.ok(ORDERED, token=owner)
    searched = await api.ok(SEARCH, {"q": "amaz"}, token=owner)
    updated = await api.ok(UPDATE, {"in": {"id": ada, "nickname": None}}, token=owner)

    assert found["contacts"]["totalCount"] == 1
    assert found["contacts"]["edges"][0]["node"] == {"firstName": "Ada", "nickname": "countess"}
    assert [e["node"]["firstName"] for e in ordered["contacts"]["edges"]] == ["Ada", "Grace"]
    assert searched["contacts"]["totalCount"] == 1
    assert updated["contactUpdate"]["nickname"] is None


async def test_the_field_is_checked_against_its_column(api: GraphQLClient) -> None:
    owner = (await signed_in(api, "owner")).access_token

    error = await api.error(CREATE, {"in": {"firstName": "Ada", "nickname": "x" * 41}}, token=owner)

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "nickname"


async def test_the_field_is_exported(api: GraphQLClient, http: httpx.AsyncClient) -> None:
    owner = (await signed_in(api, "owner")).access_token
    await _two_contacts(api, owner)

    rows = csv_records(await download(http, "/export/contacts.csv", owner))

    assert sorted(row["nickname"] for row in rows) == ["amazing", "countess"]


async def test_a_role_without_it_cannot_read_filter_sort_search_write_or_export_it(
    api: GraphQLClient, http: httpx.AsyncClient, reader: str
) -> None:
    owner = (await signed_in(api, "owner")).access_token
    await _two_contacts(api, owner)

    read = await api.execute("{ contacts { edges { node { firstName nickname } } } }", token=reader)
    filtered = await api.error(BY_NICKNAME, {"nick": "countess"}, token=reader)
    ordered = await api.error(ORDERED, token=reader)
    searched = await api.ok(SEARCH, {"q": "amaz"}, token=reader)
    written = await api.error(CREATE, {"in": {"firstName": "Eve", "nickname": "e"}}, token=reader)
    exported = await download(http, "/export/contacts.csv", reader)

    assert read.data is not None
    assert {e["node"]["nickname"] for e in read.data["contacts"]["edges"]} == {None}
    assert set(read.codes) == {"FORBIDDEN"}
    for refused in (filtered, ordered, written):
        assert refused["extensions"]["code"] == "FORBIDDEN", refused
    assert searched["contacts"]["totalCount"] == 0
    assert "nickname" not in csv_records(exported)[0]
    assert b"countess" not in exported.content


async def test_events_carry_it_only_to_whoever_may_read_it(
    api: GraphQLClient, ws_url: str, reader: str
) -> None:
    owner = (await signed_in(api, "owner")).access_token

    async with (
        subscribed(ws_url, owner, EVENTS) as by_owner,
        subscribed(ws_url, reader, READER_EVENTS) as by_reader,
    ):
        made = await api.ok(CREATE, {"in": {"firstName": "Ada"}}, token=owner)
        contact = made["contactCreate"]["id"]
        await api.ok(UPDATE, {"in": {"id": contact, "nickname": "countess"}}, token=owner)
        await api.ok(UPDATE, {"in": {"id": contact, "firstName": "Ada L."}}, token=owner)
        owner_heard: list[Any] = [(await by_owner.next())["recordEvents"] for _ in range(3)]
        reader_heard: list[Any] = [(await by_reader.next())["recordEvents"] for _ in range(2)]

    _, nickname, renamed = owner_heard
    assert nickname["changedFields"] == ["nickname"]
    assert nickname["record"] == {"firstName": "Ada", "nickname": "countess"}
    assert renamed["record"]["nickname"] == "countess"
    # The reader hears the creation and the rename, never the nickname-only change or its value.
    created, seen_rename = reader_heard
    assert created["kind"] == "CREATED" and "nickname" not in created["changedFields"]
    assert seen_rename["changedFields"] == ["firstName"]
    assert "countess" not in str(reader_heard)
