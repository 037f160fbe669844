"""Property-based tests: generated inputs for every mutation and every list filter.

Documents are generated from the printed schema by ``hypothesis-graphql``, with strategies of our
own for the scalars (ids of seeded rows mixed with garbage and out-of-range keys; adversarial
strings; decimals with exponents, NaN and 30 digits; dates at the edges), and sent over HTTP as a
signed-in Owner (reaches the deepest code) and as a Salesperson. For every response:

- no error has ``extensions.code`` ``INTERNAL_SERVER_ERROR`` (or no code at all);
- a mutation that answered with an error wrote nothing (see ``tests/support/fingerprint.py``).

One test per mutation field and per filterable query field, so a failure names the field; the
app and its seeded data live for one test (all examples of one field), state accumulating the
way a real client's would. ``test_every_field_has_a_generator`` fails when the schema gains a
mutation or filterable query this module does not cover.

Profiles (``HYPOTHESIS_PROFILE``): ``ci`` (default: derandomized, a modest number of examples per
field, no example database) and ``deep`` for long local runs (400 examples per field), e.g.::

    HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest -n 2 tests/hardening/test_generated_inputs.py

"""

from __future__ import annotations

import asyncio
import base64
import os
from typing import Any

import graphql
import hypothesis_graphql
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from schema.schema import build_schema
from tests.support import crm
from tests.support.accounts import Account, make_user, sign_in
from tests.support.fingerprint import changes, fingerprint
from tests.support.graphql import GraphQLClient

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "deep",
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

SCHEMA = build_schema()
SDL = str(SCHEMA)
CORE: graphql.GraphQLSchema = SCHEMA._schema
LIST_ARGUMENTS = {"filter", "orderBy", "search"}
MUTATION_TYPE = CORE.mutation_type
QUERY_TYPE = CORE.query_type
assert MUTATION_TYPE is not None and QUERY_TYPE is not None
# Taken from the schema: a new mutation or filterable list is generated for without a change here.
MUTATIONS = sorted(MUTATION_TYPE.fields)
FILTERED_QUERIES = sorted(
    name for name, field in QUERY_TYPE.fields.items() if set(field.args) & LIST_ARGUMENTS
)
NODE_TYPES = sorted(
    t.name
    for t in CORE.type_map.values()
    if isinstance(t, graphql.GraphQLObjectType) and any(i.name == "Node" for i in t.interfaces)
)


def _global_id(type_name: str, key: object) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode()


# Keys 1..3 are the seeded rows of each table (sequences restart with each test's clean database).
KEYS = [1, 2, 3, 0, -1, 2**31, 2**63, 99999999999999999999, "x", ""]
ID_VALUES = st.one_of(
    st.builds(_global_id, st.sampled_from(NODE_TYPES), st.sampled_from(KEYS)),
    st.sampled_from(["", "not-an-id", "Deal:1", "====", "\x00", "a" * 5000]),
    st.text(max_size=20),
)
TEXT = st.one_of(
    st.sampled_from(["", "Ada", "ada@example.test", "EUR", "XYZ", "+34 600 000 000", "DEU"]),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from("a\x00é😀\r\n\"',;"), max_size=20),
    st.integers(min_value=256, max_value=20_000).map(lambda n: "x" * n),
)
DECIMALS = st.sampled_from(
    ["0", "1000.00", "-1", "0.001", "1e40", "1E-40", "NaN", "Infinity", "-Infinity", "abc", "",
     "999999999999999999999999999999", "12345678901234567890.123456789"]
)  # fmt: skip
DATES = st.one_of(
    st.dates().map(str), st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "today", ""])
)
DATETIMES = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.sampled_from(["0001-01-01T00:00:00", "9999-12-31T23:59:59+14:00", "now", ""]),
)
INTS = st.one_of(
    st.integers(min_value=-5, max_value=100),
    st.sampled_from([-(2**31), 2**31 - 1, 10_000_000]),
)
JSON_VALUES = st.sampled_from(["{}", "[]", "null", "1"]).map(nodes.String)
CUSTOM_SCALARS = {
    "ID": ID_VALUES.map(nodes.String),
    "String": TEXT.map(nodes.String),
    "Decimal": DECIMALS.map(nodes.String),
    "Date": DATES.map(nodes.String),
    "DateTime": DATETIMES.map(nodes.String),
    "Int": INTS.map(nodes.Int),
    "JSON": JSON_VALUES,
}
COVERED_SCALARS = {"Boolean", "Float", *CUSTOM_SCALARS}


def documents(kind: str, field: str) -> st.SearchStrategy[str]:
    make = hypothesis_graphql.mutations if kind == "mutation" else hypothesis_graphql.queries
    return make(SDL, fields=[field], custom_scalars=CUSTOM_SCALARS)


async def seed() -> dict[str, Account]:
    """Two users (Owner, Salesperson) and a row or more of each record, all in one department."""
    owner = await make_user("owner")
    sales = await make_user("salesperson")
    dept = await crm.department("Sales")
    stage = await crm.first_stage(await crm.pipeline())
    for user in (owner.user, sales.user):
        await crm.company(user, dept)
        await crm.contact(user, dept)
        await crm.deal(user, dept, stage=stage)
        await crm.lead(user, dept)
        await crm.activity(user, dept)
        await crm.task(user, dept)
    return {"owner": owner, "salesperson": sales}


def _bad_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        e
        for e in errors
        if (e.get("extensions") or {}).get("code") in (None, "INTERNAL_SERVER_ERROR")
    ]


class Caller:
    """One role's signed-in client; signs in again if a generated call ended its session."""

    def __init__(self, api: GraphQLClient, account: Account) -> None:
        self.api = api
        self.account = account

    async def token(self) -> str:
        if not self.account.access_token:
            await sign_in(self.api, self.account)
        return self.account.access_token

    async def send(self, document: str) -> tuple[int, list[dict[str, Any]]]:
        result = await self.api.execute(document, token=await self.token())
        if "UNAUTHENTICATED" in result.codes:
            self.account.access_token = ""  # the call (logout, revoke...) ended the session
        return result.status, result.errors


async def _check(caller: Caller, document: str, mutation: bool) -> None:
    await caller.token()  # sign-in writes rows: before the fingerprint
    before = await fingerprint() if mutation else {}
    status, errors = await caller.send(document)
    assert status < 500, f"HTTP {status} for\n{document}"
    assert not _bad_errors(errors), f"{_bad_errors(errors)}\nfor\n{document}"
    # Refused: an error on the mutation field itself. An error deeper in the selection (a bad
    # cursor on a nested list of the created record) comes after a write that succeeded.
    if mutation and any(len(e.get("path") or []) == 1 for e in errors):
        moved = changes(before, await fingerprint())
        assert not moved, f"refused write changed {moved}; errors {errors}\nfor\n{document}"


async def _run(caller: Caller, strategy: st.SearchStrategy[str], *, mutation: bool) -> None:
    """Hypothesis drives sync tests only: it runs in a thread, each example on the test's loop."""
    loop = asyncio.get_running_loop()

    @settings(settings.get_profile(PROFILE))
    @given(document=strategy)
    def property(document: str) -> None:
        asyncio.run_coroutine_threadsafe(_check(caller, document, mutation), loop).result()

    await asyncio.to_thread(property)


ROLES = ["owner", "salesperson"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", MUTATIONS)
async def test_mutation(api: GraphQLClient, field: str, role: str) -> None:
    await _run(Caller(api, (await seed())[role]), documents("mutation", field), mutation=True)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", FILTERED_QUERIES)
async def test_query(api: GraphQLClient, field: str, role: str) -> None:
    await _run(Caller(api, (await seed())[role]), documents("query", field), mutation=False)


@pytest.mark.parametrize(
    ("kind", "field"),
    [("mutation", f) for f in MUTATIONS] + [("query", f) for f in FILTERED_QUERIES],
)
def test_every_field_has_a_generator(kind: str, field: str) -> None:
    """Each mutation and filterable query of the schema gets a document strategy.

    The lists come from the schema, so a new field is generated for; this fails when a field
    cannot be (hypothesis-graphql rejects it, e.g. an argument of a type it cannot build).
    """
    documents(kind, field).validate()


def test_every_scalar_has_a_strategy() -> None:
    scalars = {t.name for t in CORE.type_map.values() if isinstance(t, graphql.GraphQLScalarType)}
    assert scalars <= COVERED_SCALARS, f"no strategy for scalars {scalars - COVERED_SCALARS}"
