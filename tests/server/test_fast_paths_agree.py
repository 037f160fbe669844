"""Every fast path answers as the plain path does, and really runs.

The fast paths (models/fast_paths.py: the lean POST, reads compiled to SQL) are switched on
and off in one process, over the same data, and each query is asked both ways:
- the training tutorial's steps, in page order on the demo company (a query step is asked both
  ways, a mutation once, with the switches on, as a client would);
- one query per list of the schema (every connection without required arguments), selecting
  each scalar and money field of its node and the id of each to-one relation, asked as each
  role template of the demo company: fields a role may not read come back as errors at their
  paths, and those must agree too.
- the lists the SQL compiler covers (contacts, companies, deals) with every field it compiles,
  relations nested two deep, aliases, fragments, @include, totalCount, pageInfo, a second page
  from the first page's cursor, backward paging and an order, as each role template: each must
  have been answered by one compiled statement exactly when the role may list the object.
The answers (data, and errors by path) must be equal; the paths' counters on /metrics must have
moved while they were on, and stood still while they were off.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest

from models import fast_paths
from schema.schema import build_schema
from server.demo_data import DEMO_DOMAIN, DEMO_PASSWORD, load_demo
from tests.support.doc_steps import dig, fill, steps
from tests.support.fast_paths import (
    all_off,
    settings_overrides,  # noqa: F401 (this app: fast paths on)
)
from tests.support.graphql import GraphQLClient

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "training" / "tutorial.md"
CORE: graphql.GraphQLSchema = build_schema()._schema
ROLES = ("owner", "admin", "senior.manager", "manager", "salesperson", "marketing", "support",
         "read.only")  # fmt: skip
LEAF_OBJECTS = {"Money"}


async def _taken(http: httpx.AsyncClient) -> dict[str, float]:
    text = (await http.get("/metrics")).text
    found: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("tandem_fast_path_taken_total{"):
            label, value = line.split("} ")
            found[label.split('"')[1]] = float(value)
    return found


def _answer(result: Any) -> tuple[Any, list[tuple[str, str, str | None]]]:
    errors = sorted(
        (
            ".".join(str(p) for p in e.get("path") or []),
            e["message"],
            (e.get("extensions") or {}).get("code"),
        )
        for e in result.errors
    )
    return result.data, errors


async def _both_ways(
    api: GraphQLClient, document: str, variables: dict[str, Any], token: str | None
) -> Any:
    fast = await api.execute(document, variables, token=token)
    with all_off():
        plain = await api.execute(document, variables, token=token)
    assert _answer(fast) == _answer(plain), f"fast and plain paths differ for\n{document}"
    return fast


async def test_the_tutorial_answers_alike_both_ways(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo()
    saved: dict[str, object] = {}
    before = await _taken(http)
    asked = 0
    for step in steps(TUTORIAL.read_text()):
        token = str(saved[step.as_]) if step.as_ else None
        variables = fill(step.variables, saved)
        operation = graphql.get_operation_ast(graphql.parse(step.document))
        assert operation is not None
        if operation.operation == graphql.OperationType.QUERY:
            result = await _both_ways(api, step.document, variables, token)
            asked += 1
        else:
            result = await api.execute(step.document, variables, token=token)
        for name, path in step.save.items():
            saved[name] = dig(result.data, path)
    after = await _taken(http)

    assert asked >= 5, "the tutorial lost its queries"
    assert all(after[p] > before[p] for p in fast_paths.PATHS), (before, after)


def _selection(type_: graphql.GraphQLObjectType) -> str:
    parts = []
    for name, field in type_.fields.items():
        if any(arg.type for arg in field.args.values() if graphql.is_non_null_type(arg.type)):
            continue
        inner = graphql.get_named_type(field.type)
        if graphql.is_leaf_type(inner):
            parts.append(name)
        elif inner.name in LEAF_OBJECTS:
            parts.append(f"{name} {{ amount currency }}")
        elif (
            isinstance(inner, graphql.GraphQLObjectType)
            and not graphql.is_list_type(graphql.get_nullable_type(field.type))
            and "id" in inner.fields
        ):
            parts.append(f"{name} {{ id }}")
    return " ".join(parts)


def _list_queries() -> Iterator[tuple[str, str]]:
    query_type = CORE.query_type
    assert query_type is not None
    for name, field in sorted(query_type.fields.items()):
        connection = graphql.get_named_type(field.type)
        if not (isinstance(connection, graphql.GraphQLObjectType) and "edges" in connection.fields):
            continue
        if any(graphql.is_non_null_type(a.type) for a in field.args.values()):
            continue
        edge = graphql.get_named_type(connection.fields["edges"].type)
        assert isinstance(edge, graphql.GraphQLObjectType)
        node = graphql.get_named_type(edge.fields["node"].type)
        assert isinstance(node, graphql.GraphQLObjectType)
        first = "(first: 50)" if "first" in field.args else ""
        yield name, f"{{ {name}{first} {{ edges {{ node {{ {_selection(node)} }} }} }} }}"


LISTS = dict(_list_queries())


@pytest.mark.parametrize("role", ROLES)
async def test_every_list_answers_alike_both_ways_for_each_role(
    api: GraphQLClient, http: httpx.AsyncClient, role: str
) -> None:
    await load_demo(companies=10, contacts=40, deals=40)
    login = await api.ok(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        {"e": f"{role}@{DEMO_DOMAIN}", "p": DEMO_PASSWORD},
    )
    token = login["login"]["accessToken"]
    assert len(LISTS) >= 10, sorted(LISTS)
    before = await _taken(http)
    for document in LISTS.values():
        await _both_ways(api, document, {}, token)
    after = await _taken(http)

    assert after[fast_paths.LEAN_POST] > before[fast_paths.LEAN_POST]
    assert after[fast_paths.COMPILED_READS] > before[fast_paths.COMPILED_READS]


# What the compiler covers (resolvers/compiled/plan.py), written out so that a change in its
# coverage is seen here: scalars, lists, system fields, to-one relations two deep.
_USER = "owner { __typename id name email }"
_COMPANY = f"company {{ id name domain industry size country city tags {_USER} }}"
_CONTACT_FIELDS = (
    "id firstName lastName email phone position country city lifecycleStage source address "
    "preferredChannel language version createdAt updatedAt tags otherEmails otherPhones "
    f"productInterests department {{ id }} {_USER} {_COMPANY}"
)
COMPILED = {
    "contacts": f"""query($first: Int, $after: String, $with: Boolean!) {{
      contacts(first: $first, after: $after, orderBy: [{{field: LAST_NAME, direction: DESC}}]) {{
        __typename totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
        edges {{ __typename cursor node {{ __typename {_CONTACT_FIELDS}
          again: firstName ...Seen employer: company @include(if: $with) {{ id name }} }} }}
      }}
    }}
    fragment Seen on Contact {{ createdAt owner {{ id }} }}""",
    "companies": f"""query($first: Int, $after: String, $with: Boolean!) {{
      companies(first: $first, after: $after) {{
        totalCount edges {{ cursor node {{ id name domain industry size country region city
          address phone tags version createdAt updatedAt department {{ id }} {_USER}
          ... on Company @include(if: $with) {{ industry }} }} }}
        pageInfo {{ endCursor hasNextPage }}
      }}
    }}""",
    "deals": f"""query($first: Int, $after: String, $with: Boolean!) {{
      deals(first: $first, after: $after, filter: {{status: "open"}}) {{
        edges {{ cursor node {{ id title amount {{ amount currency }} cost {{ __typename amount }}
          position probability expectedClose status lostReason
          closedAt version createdAt updatedAt tags
          contact {{ id firstName {_COMPANY} }} {_COMPANY} {_USER} pipeline {{ id name }}
          department @skip(if: $with) {{ id }} }} }}
        pageInfo {{ endCursor hasNextPage }} totalCount
      }}
    }}""",
}
BACKWARD = """query($before: String) {
  contacts(last: 3, before: $before) {
    totalCount edges { cursor node { id lastName company { id } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
}"""


async def _compiled_both_ways(
    api: GraphQLClient,
    http: httpx.AsyncClient,
    document: str,
    variables: dict[str, Any],
    token: str,
) -> tuple[Any, float]:
    before = (await _taken(http))[fast_paths.COMPILED_READS]
    fast = await api.execute(document, variables, token=token)
    taken = (await _taken(http))[fast_paths.COMPILED_READS] - before
    with all_off():
        plain = await api.execute(document, variables, token=token)
    assert _answer(fast) == _answer(plain), f"compiled and plain paths differ for\n{document}"
    return fast, taken


@pytest.mark.parametrize("role", ROLES)
async def test_compiled_lists_answer_alike_and_are_compiled_for_each_role(
    api: GraphQLClient, http: httpx.AsyncClient, role: str
) -> None:
    await load_demo(companies=10, contacts=40, deals=40)
    login = await api.ok(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        {"e": f"{role}@{DEMO_DOMAIN}", "p": DEMO_PASSWORD},
    )
    token = login["login"]["accessToken"]
    for name, document in COMPILED.items():
        first, taken = await _compiled_both_ways(
            api, http, document, {"first": 7, "with": True}, token
        )
        listed = first.data is not None and first.data.get(name) is not None
        assert taken == (1 if listed else 0), (role, name, first.errors)
        if not listed:
            continue
        end = first.data[name]["pageInfo"]["endCursor"]
        second, taken = await _compiled_both_ways(
            api, http, document, {"first": 7, "after": end, "with": False}, token
        )
        assert taken == 1
        if end is not None:
            assert second.data[name]["edges"] != first.data[name]["edges"]
    back, _ = await _compiled_both_ways(api, http, BACKWARD, {}, token)
    if back.data and back.data["contacts"] and back.data["contacts"]["edges"]:
        start = back.data["contacts"]["pageInfo"]["startCursor"]
        await _compiled_both_ways(api, http, BACKWARD, {"before": start}, token)


async def test_switched_off_paths_are_not_taken(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=5, contacts=10, deals=10)
    login = await api.ok(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        {"e": f"owner@{DEMO_DOMAIN}", "p": DEMO_PASSWORD},
    )
    with all_off():
        before = await _taken(http)
        for document in LISTS.values():
            await api.execute(document, {}, token=login["login"]["accessToken"])
        after = await _taken(http)

    assert after == before
