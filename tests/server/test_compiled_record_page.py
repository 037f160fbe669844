"""The record page (benchmarks' scenario 3: a contact with its company and open deals, and its
last activities) compiled: ``node(id:)`` with a nested, filtered connection is one statement and
``activities`` another, answering as the plain path does for each role template."""

from __future__ import annotations

import httpx
import pytest

from benchmarks.compare_queries import TANDEM_DETAIL
from server.demo_data import load_demo
from tests.server.test_compiled_reads import _token
from tests.server.test_fast_paths_agree import ROLES, _compiled_both_ways
from tests.support.fast_paths import settings_overrides  # noqa: F401 (this app: fast paths on)
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

# The benchmarks' record page, as scenario 3 asks it.
DETAIL = TANDEM_DETAIL


async def _busy_contact(api: GraphQLClient, token: str) -> str:
    """A contact of the demo company with open deals."""
    found = await api.ok(
        """{ deals(first: 50, filter: {status: "open"}) { edges { node { contact { id } } } } }""",
        token=token,
    )
    contacts = [e["node"]["contact"] for e in found["deals"]["edges"] if e["node"]["contact"]]
    assert contacts
    return str(contacts[0]["id"])


@pytest.mark.parametrize("role", ROLES)
async def test_the_record_page_answers_alike_and_is_compiled_for_each_role(
    api: GraphQLClient, http: httpx.AsyncClient, role: str
) -> None:
    await load_demo(companies=6, contacts=20, deals=40)
    contact = await _busy_contact(api, await _token(api, "owner"))
    token = await _token(api, role)
    result, taken = await _compiled_both_ways(api, http, DETAIL, {"id": contact}, token)
    node = result.data["node"] if result.data else None
    if role == "owner":
        assert node is not None and node["deals"]["edges"]
    if not result.errors:
        assert taken == 2, role  # both root fields compiled
    else:
        # A role refused part of the page: the equal answers above are what counts; a root
        # field whose selection the role may not read in full takes the plain path.
        assert taken <= 2, role


async def test_the_record_page_is_two_statements(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=6, contacts=20, deals=40)
    token = await _token(api, "owner")
    contact = await _busy_contact(api, token)
    await api.ok("{ me { id } }", token=token)
    # The two root fields run in tasks of their own: every statement of the request counts.
    with count_statements() as statements:
        data = await api.ok(DETAIL, {"id": contact}, token=token)
    assert statements.count == 2, statements.statements
    assert all("json" in s.lower() for s in statements.statements)
    assert data["node"]["deals"]["edges"]
