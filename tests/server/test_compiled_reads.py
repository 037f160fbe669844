"""Reads compiled to SQL (resolvers/compiled/): one statement per compiled root field, nothing
hidden selected, the plain path for what the compiler does not cover.

tests/server/test_fast_paths_agree.py compares the compiled and the plain answers per role; here
the statements themselves are looked at.
"""

from __future__ import annotations

import httpx

from models import fast_paths
from server.demo_data import DEMO_DOMAIN, DEMO_PASSWORD, load_demo
from tests.server.test_fast_paths_agree import _answer, _taken
from tests.support.fast_paths import (
    all_off,
    settings_overrides,  # noqa: F401 (this app: fast paths on)
)
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements, without_relay

PAGE = """{
  contacts(first: 20) { totalCount edges { cursor node { id firstName email tags
    owner { id name } company { id name owner { id email } } } } pageInfo { endCursor } }
  deals(first: 20, orderBy: [{field: CREATED_AT, direction: DESC}]) {
    edges { node { id title amount { amount currency } status
      contact { id lastName } company { id } } }
    totalCount }
  companies(last: 5) { edges { node { id name domain } } pageInfo { hasPreviousPage } }
}"""


async def _token(api: GraphQLClient, role: str) -> str:
    login = await api.ok(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        {"e": f"{role}@{DEMO_DOMAIN}", "p": DEMO_PASSWORD},
    )
    return str(login["login"]["accessToken"])


async def test_each_compiled_root_field_is_one_statement(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=10, contacts=40, deals=40)
    token = await _token(api, "owner")
    await api.ok("{ me { id } }", token=token)  # the caller's principal, loaded once
    before = await _taken(http)
    with count_statements() as statements:
        data = await api.ok(PAGE, token=token)
    after = await _taken(http)

    assert after[fast_paths.COMPILED_READS] - before[fast_paths.COMPILED_READS] == 3
    # Relations two deep and the counts included: one statement per root field.
    assert statements.count == 3, statements.statements
    assert len(data["contacts"]["edges"]) == 20
    assert data["contacts"]["totalCount"] == 40
    assert all(e["node"]["company"] is not None for e in data["contacts"]["edges"][:3])
    with all_off(), count_statements() as plain:
        await api.ok(PAGE, token=token)
    assert plain.count > statements.count


async def test_a_field_the_role_may_not_read_is_never_selected(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=5, contacts=10, deals=10)
    token = await _token(api, "read.only")  # no sensitive fields: contact.email, phone
    document = "{ contacts(first: 5) { edges { node { id firstName email phone } } } }"
    await api.execute("{ me { id } }", token=token)
    before = await _taken(http)
    with count_statements() as statements:
        result = await api.execute(document, token=token)
    after = await _taken(http)

    assert after[fast_paths.COMPILED_READS] == before[fast_paths.COMPILED_READS] + 1
    assert statements.count == 1
    assert '"email"' not in statements.statements[0]
    assert '"phone"' not in statements.statements[0]
    assert result.data is not None
    nodes = [edge["node"] for edge in result.data["contacts"]["edges"]]
    assert nodes and all(n["email"] is None and n["phone"] is None for n in nodes)
    assert all(n["firstName"] for n in nodes)
    assert set(result.codes) == {"FORBIDDEN"}
    assert len(result.errors) == 2 * len(nodes)
    with all_off():
        plain = await api.execute(document, token=token)
    assert _answer(result) == _answer(plain)


async def test_fields_the_statement_does_not_answer_are_delegated(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    """Nullable fields the statement does not cover are resolved by graphql-core on their rows
    (schema/compiled_holes.py): the root field still compiles, and answers as the plain path."""
    await load_demo(companies=5, contacts=10, deals=10)
    token = await _token(api, "owner")
    delegated = [
        "{ contacts(first: 3) { edges { node { id custom } } } }",  # custom fields
        "{ deals(first: 3) { edges { node { id margin { amount currency } } } } }",  # computed
        "{ deals(first: 3) { edges { node { id stageHistory { at } } } } }",  # a computed list
        # below a compiled relation, beside compiled fields, aliased, in a fragment
        """{ deals(first: 4) { edges { node { id title company { name a: custom ...C }
          contact { lastActivity { id } lastName } } } } }
          fragment C on Company { custom owner { name } }""",
    ]
    for document in delegated:
        before = await _taken(http)
        result = await api.execute(document, token=token)
        after = await _taken(http)
        assert after[fast_paths.COMPILED_READS] == before[fast_paths.COMPILED_READS] + 1, document
        with all_off():
            plain = await api.execute(document, token=token)
        assert result.data and _answer(result) == _answer(plain), document


async def test_a_delegated_field_costs_one_query_for_its_rows(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    """The rows of the records with delegated fields are loaded in one query per model (no
    N+1), beside the delegated field's own batched query."""
    await load_demo(companies=5, contacts=30, deals=10)
    token = await _token(api, "owner")
    await api.ok("{ me { id } }", token=token)
    document = """query($n: Int!) { contacts(first: $n) { edges { node { id firstName
      lastActivity { id } company { name custom } } } } }"""
    for size in (5, 20):
        with count_statements() as statements:
            data = await api.ok(document, {"n": size}, token=token)
        assert len(data["contacts"]["edges"]) == size
        # The statement (the last activities in it); the companies' rows by key and the custom
        # field definitions for the companies' ``custom``, each once whatever the page's size.
        assert statements.count == 3, statements.statements


NEWEST = """{ contacts(first: 12) { edges { node { id lastActivity { id subject occurredAt
    owner { name } } } } }
  deals(first: 12) { edges { node { id lastActivity { id kind contact { lastName } } } } } }"""


async def test_the_newest_activity_is_read_in_the_statement(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    """``lastActivity`` (resolvers/compiled/many.py ``newest``): a correlated subquery over the
    caller's activities, newest first: the same answer as the plain path for every role, and
    no query of its own."""
    await load_demo(companies=4, contacts=12, deals=12)
    owner = await _token(api, "owner")
    found = await api.ok(NEWEST, token=owner)
    contacts = [e["node"]["id"] for e in found["contacts"]["edges"]]
    deals = [e["node"]["id"] for e in found["deals"]["edges"]]
    for i, when in enumerate(("2026-11-01T09:00:00Z", "2026-11-03T09:00:00Z")):
        for n, contact in enumerate(contacts[:6]):
            log = {"kind": "call", "subject": f"call {i}-{n}", "occurredAt": when,
                   "contactId": contact, "dealId": deals[n]}  # fmt: skip
            await api.ok(
                "mutation($i: ActivityLogInput!) { activityLog(input: $i) { id } }",
                {"i": log},
                token=owner,
            )
    await api.ok("{ me { id } }", token=owner)
    with count_statements() as statements:
        data = await api.ok(NEWEST, token=owner)
    # One statement per root field, the activities read in them (the relay's own statements,
    # numbering the activities' events in the background, are not the request's).
    reads = without_relay(statements.statements)
    assert len(reads) == 2 and all('"activity"' in s for s in reads), reads
    subjects = [(e["node"]["lastActivity"] or {}).get("subject") for e in data["contacts"]["edges"]]
    assert sum(1 for s in subjects if s and s.startswith("call 1-")) == 6, subjects
    for role in ("owner", "salesperson", "support", "read.only"):
        token = await _token(api, role)
        before = await _taken(http)
        result = await api.execute(NEWEST, token=token)
        after = await _taken(http)
        with all_off():
            plain = await api.execute(NEWEST, token=token)
        assert _answer(result) == _answer(plain), role
        compiled = after[fast_paths.COMPILED_READS] - before[fast_paths.COMPILED_READS]
        listed = sum(1 for key in ("contacts", "deals") if (result.data or {}).get(key))
        assert compiled == listed, (role, result.errors)


async def test_what_the_compiler_does_not_cover_takes_the_plain_path(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=5, contacts=10, deals=10)
    token = await _token(api, "owner")
    uncovered = [
        # a non-null field the statement cannot answer: its error would null its parent
        "{ companies(first: 3) { edges { node { id contacts(last: 2) { totalCount } } } } }",
        "{ contacts(first: 3) { edges { a: node { id } b: node { lastName } } } }",  # two nodes
    ]
    for document in uncovered:
        before = await _taken(http)
        result = await api.execute(document, token=token)
        after = await _taken(http)
        assert after[fast_paths.COMPILED_READS] == before[fast_paths.COMPILED_READS], document
        with all_off():
            plain = await api.execute(document, token=token)
        assert result.data and _answer(result) == _answer(plain)
