"""``node(id:)`` compiled to SQL (resolvers/compiled/node_read.py): each record type answers as
the plain path does, as each role template (records out of scope, deleted, of an object the role
may not read, malformed ids, ids of another type), is answered by one compiled statement exactly
when it should be, and never selects a column the caller may not read.

The owner makes a few rows of the objects the demo company has none of (tests/server/
test_compiled_lists_agree.py ``_make_rows``, then an order, its invoice and a payment) and
deletes one record of four objects; every id is then asked as each role.
"""

from __future__ import annotations

import base64

import graphql
import httpx
import pytest

from models.comment import Comment as CommentModel
from models.global_ids import from_global_id
from server.demo_data import load_demo
from tests.server.test_compiled_lists_agree import _make_rows
from tests.server.test_compiled_reads import _token
from tests.server.test_fast_paths_agree import (
    _CONTACT_FIELDS,
    _USER,
    CORE,
    ROLES,
    _answer,
    _compiled_both_ways,
    _selection,
    _taken,
    all_off,
)
from tests.support.fast_paths import settings_overrides  # noqa: F401 (this app: fast paths on)
from tests.support.graphql import GraphQLClient
from tests.support.sql import count_statements

_SYSTEM = "version createdAt updatedAt"
_COMPANY = f"company {{ id name domain industry size country city tags {_USER} }}"
# Per record type: the list root that tells whether the role may read it, and the fields the
# compiler covers, written out (a change in coverage shows here).
NODES: dict[str, tuple[str, str]] = {
    "Contact": ("contacts", _CONTACT_FIELDS),
    "Company": (
        "companies",
        f"""id name domain industry size country region city address phone tags {_SYSTEM}
        department {{ id }} {_USER}""",
    ),
    "Deal": (
        "deals",
        f"""id title amount {{ amount currency }} cost {{ __typename amount }} position
        probability expectedClose status lostReason closedAt {_SYSTEM} tags
        contact {{ id firstName {_COMPANY} }} {_COMPANY} {_USER} pipeline {{ id name }}
        department {{ id }}""",
    ),
    "Lead": (
        "leads",
        f"""id name companyName email phone comment source status convertedAt {_SYSTEM}
        {_USER} contact {{ id lastName company {{ id name }} }}""",
    ),
    "Activity": (
        "activities",
        f"""id kind direction occurredAt subject body outcome {_SYSTEM} {_USER}
        contact {{ id firstName email }} company {{ id name owner {{ id }} }}
        deal {{ id title amount {{ amount currency }} }}""",
    ),
    "Task": (
        "tasks",
        f"""id title description dueAt remindAt priority status completedAt {_SYSTEM} {_USER}
        assignee {{ id name }} creator {{ id email }}""",
    ),
    "Product": ("products", f"id name sku active {_SYSTEM}"),
    "Quote": (
        "quotes",
        f"""id currency issuedOn validUntil revision {_SYSTEM} {_USER} deal {{ id }}
        contact {{ id }} company {{ id }}""",
    ),
    "Order": ("orders", f"id currency issuedOn {_SYSTEM} {_USER} deal {{ id }} quote {{ id }}"),
    "Invoice": (
        "invoices",
        f"""id code kind currency issuedOn dueOn paymentTermsDays {_SYSTEM} {_USER}
        company {{ id }}""",
    ),
    "Payment": (
        "payments",
        f"id kind currency paidOn reference {_SYSTEM} {_USER} invoice {{ id }}",
    ),
    "Pipeline": ("pipelines", f"id name position {_SYSTEM}"),
}
COMMENT = f"id body {_SYSTEM} owner {{ id name }} department {{ id }}"
LISTED = "{ %s(first: 3) { edges { node { id } } } }"
PLAIN_LISTS = {"pipelines": "{ pipelines { id } }"}
DELETE = "mutation($id: ID!) { %sDelete(id: $id) }"
DETAIL = """query($id: ID!) { node(id: $id) { ... on Contact {
  id firstName lastName email phone lifecycleStage company { id name } } } }"""


def _node_document(type_name: str) -> str:
    fields = NODES[type_name][1]
    return f"query($id: ID!) {{ node(id: $id) {{ __typename ... on {type_name} {{ {fields} }} }} }}"


def _gid(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


async def _records(api: GraphQLClient, owner: str) -> dict[str, list[str]]:
    """Record type -> ids the owner sees (and one deleted id of contacts, deals, leads, tasks);
    "Comment": comments on a deal, two contacts (one then deleted), a company and a task."""
    discussed = [await _make_rows(api, owner)]
    deal = await api.ok(
        "{ deals(first: 1) { edges { node { id } } } "
        "products(first: 1) { edges { node { id } } } }",
        token=owner,
    )
    order = await api.ok(
        "mutation($i: OrderCreateInput!) { orderCreate(input: $i) { id } }",
        {"i": {"dealId": deal["deals"]["edges"][0]["node"]["id"],
               "lines": [{"productId": deal["products"]["edges"][0]["node"]["id"],
                          "quantity": "3"}]}},
        token=owner,
    )  # fmt: skip
    invoice = await api.ok(
        "mutation($i: InvoiceIssueInput!) { invoiceIssue(input: $i) { id } }",
        {"i": {"orderId": order["orderCreate"]["id"]}},
        token=owner,
    )
    await api.ok(
        "mutation($i: PaymentRecordInput!) { paymentRecord(input: $i) { id } }",
        {"i": {"invoiceId": invoice["invoiceIssue"]["id"], "amount": "1", "paidOn": "2026-01-02"}},
        token=owner,
    )
    ids: dict[str, list[str]] = {}
    for type_name, (root, _) in NODES.items():
        found = await api.ok(PLAIN_LISTS.get(root, LISTED % root), token=owner)
        listed = found[root] if root in PLAIN_LISTS else [e["node"] for e in found[root]["edges"]]
        ids[type_name] = [record["id"] for record in listed]
        assert ids[type_name], type_name
    discussed += [ids["Contact"][0], ids["Contact"][-1], ids["Company"][0], ids["Task"][0]]
    ids["Comment"] = []
    for target in discussed:
        await api.ok(
            "mutation($i: CommentCreateInput!) { commentCreate(input: $i) { id } }",
            {"i": {"targetId": target, "body": "On it"}},
            token=owner,
        )
        found = await api.ok(
            "query($t: ID!) { comments(targetId: $t, first: 1) { edges { node { id } } } }",
            {"t": target},
            token=owner,
        )
        ids["Comment"] += [edge["node"]["id"] for edge in found["comments"]["edges"]]
    for type_name in ("Contact", "Deal", "Lead", "Task"):
        gone = ids[type_name][-1]
        await api.ok(DELETE % type_name.lower(), {"id": gone}, token=owner)
    return ids


async def _readable(api: GraphQLClient, token: str) -> dict[str, bool]:
    """Record type -> whether the role may read that object at all (its list answers)."""
    out = {}
    for type_name, (root, _) in NODES.items():
        result = await api.execute(PLAIN_LISTS.get(root, LISTED % root), token=token)
        out[type_name] = result.data is not None and result.data.get(root) is not None
    return out


@pytest.mark.parametrize("role", ROLES)
async def test_node_answers_alike_and_is_compiled_for_each_role(
    api: GraphQLClient, http: httpx.AsyncClient, role: str
) -> None:
    await load_demo(companies=6, contacts=20, deals=20)
    ids = await _records(api, await _token(api, "owner"))
    token = await _token(api, role)
    readable = await _readable(api, token)
    codes: set[str | None] = set()
    for type_name in NODES:
        document = _node_document(type_name)
        for record in ids[type_name]:
            result, taken = await _compiled_both_ways(api, http, document, {"id": record}, token)
            assert taken == (1 if readable[type_name] else 0), (type_name, result.errors)
            codes.update(code for _, _, code in _answer(result)[1])
            if not readable[type_name]:
                assert result.data == {"node": None}
                assert set(result.codes) == {"NOT_FOUND"}
    # Ids the plain path refuses before reading any row: never a compiled statement.
    contact = _node_document("Contact")
    for malformed in ("nope", _gid("Contact:abc"), _gid("Contact:0"), _gid("Nothing:1"), ""):
        result, taken = await _compiled_both_ways(api, http, contact, {"id": malformed}, token)
        assert taken == 0 and result.data == {"node": None}, malformed
        assert set(result.codes) == {"NOT_FOUND"}
    # An id of no row; an id of another type: that type's record, fragments on Contact left out.
    missing, taken = await _compiled_both_ways(
        api, http, contact, {"id": _gid("Contact:987654321")}, token
    )
    assert taken == (1 if readable["Contact"] else 0) and set(missing.codes) == {"NOT_FOUND"}
    for other in ("Deal", "Product"):
        result, taken = await _compiled_both_ways(api, http, contact, {"id": ids[other][0]}, token)
        assert taken == (1 if readable[other] else 0)
        if readable[other] and result.data["node"] is not None:
            assert result.data["node"] == {"__typename": other}
    # Comments: seen with the record they discuss (one deleted; some out of a role's scope).
    comment = f"query($id: ID!) {{ node(id: $id) {{ ... on Comment {{ {COMMENT} }} }} }}"
    may = await api.ok("{ me { permissions { object operations } } }", token=token)
    reads = any(
        p["object"] == "comment" and "READ" in p["operations"] for p in may["me"]["permissions"]
    )
    seen = 0
    for record in ids["Comment"]:
        result, taken = await _compiled_both_ways(api, http, comment, {"id": record}, token)
        assert taken == (1 if reads else 0), result.errors
        seen += result.data["node"] is not None
    assert seen < len(ids["Comment"])  # the deleted contact's comment at least
    if role == "owner":
        assert "NOT_FOUND" in codes  # the deleted records
        assert seen == len(ids["Comment"]) - 1
    if role == "salesperson":
        assert "NOT_FOUND" in codes and "FORBIDDEN" in codes  # out of scope; hidden fields


FEATURES = """query($id: ID!, $with: Boolean!) {
  node(id: $id) {
    __typename
    ... on Node { id }
    ... on Deal { title }
    ...Person
    ... on Contact {
      first: firstName
      again: firstName
      email @include(if: $with)
      phone @skip(if: $with)
      employer: company @include(if: $with) { __typename id name owner { id email } }
      owner { id name }
    }
  }
}
fragment Person on Contact { lastName lifecycleStage }"""


@pytest.mark.parametrize("role", ["owner", "read.only"])
async def test_aliases_fragments_and_directives_answer_alike(
    api: GraphQLClient, http: httpx.AsyncClient, role: str
) -> None:
    await load_demo(companies=5, contacts=10, deals=10)
    owner = await _token(api, "owner")
    found = await api.ok(LISTED % "contacts", token=owner)
    token = await _token(api, role)
    for edge in found["contacts"]["edges"]:
        for flag in (True, False):
            variables = {"id": edge["node"]["id"], "with": flag}
            result, taken = await _compiled_both_ways(api, http, FEATURES, variables, token)
            assert taken == 1
            node = result.data["node"]
            if node is not None:
                assert node["__typename"] == "Contact" and node["first"] == node["again"]
                assert ("employer" in node) == flag and ("phone" in node) == (not flag)
                assert "title" not in node


async def test_switched_off_node_is_not_compiled(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=5, contacts=10, deals=10)
    token = await _token(api, "owner")
    found = await api.ok(LISTED % "contacts", token=token)
    with all_off():
        before = await _taken(http)
        await api.ok(DETAIL, {"id": found["contacts"]["edges"][0]["node"]["id"]}, token=token)
        assert await _taken(http) == before


async def test_a_record_read_is_one_statement(api: GraphQLClient, http: httpx.AsyncClient) -> None:
    await load_demo(companies=5, contacts=10, deals=10)
    token = await _token(api, "owner")
    found = await api.ok(LISTED % "contacts", token=token)
    await api.ok("{ me { id } }", token=token)  # the caller's principal, loaded once
    variables = {"id": found["contacts"]["edges"][0]["node"]["id"]}
    with count_statements(this_task=True) as statements:
        data = await api.ok(DETAIL, variables, token=token)
    assert statements.count == 1, statements.statements
    assert "json" in statements.statements[0].lower()
    assert data["node"]["id"] == variables["id"] and data["node"]["company"] is not None
    with all_off(), count_statements() as plain:  # the loaders batch in tasks of their own
        assert await api.ok(DETAIL, variables, token=token) == data
    assert plain.count > 1


async def test_a_field_the_role_may_not_read_is_never_selected(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=5, contacts=10, deals=10)
    owner = await _token(api, "owner")
    found = await api.ok(LISTED % "contacts", token=owner)
    token = await _token(api, "read.only")  # no sensitive fields: contact.email, phone
    await api.execute("{ me { id } }", token=token)
    variables = {"id": found["contacts"]["edges"][0]["node"]["id"]}
    with count_statements(this_task=True) as statements:
        result, taken = await _compiled_both_ways(api, http, DETAIL, variables, token)
    assert taken == 1
    compiled = statements.statements[0]
    assert '"email"' not in compiled and '"phone"' not in compiled
    node = result.data["node"]
    assert node["firstName"] and node["email"] is None and node["phone"] is None
    errors = [(path, code) for path, _, code in _answer(result)[1]]
    assert errors == [("node.email", "FORBIDDEN"), ("node.phone", "FORBIDDEN")]


async def test_uncovered_fields_are_delegated_or_take_the_plain_path(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    await load_demo(companies=5, contacts=10, deals=10)
    owner = await _token(api, "owner")
    target = await _make_rows(api, owner)
    found = await api.ok(
        f"""{{ contacts(first: 1) {{ edges {{ node {{ id }} }} }}
        comments(targetId: "{target}", first: 1) {{ edges {{ node {{ id }} }} }}
        pipelines {{ stages {{ id }} }} }}""",
        token=owner,
    )
    contact = found["contacts"]["edges"][0]["node"]["id"]
    comment = found["comments"]["edges"][0]["node"]["id"]
    cases = [
        # a non-null connection paged backward: not compiled
        (contact, "... on Contact { id deals(last: 2) { edges { node { id } } } }", 0),
        # nullable fields the statement leaves to graphql-core (schema/compiled_holes.py)
        (contact, "... on Contact { id lastActivity { id } }", 1),  # computed
        (contact, "... on Contact { id custom company { custom } }", 1),  # custom fields
        (comment, "... on Comment { id target { id } }", 1),  # polymorphic
    ]
    for record, selection, compiled in cases:
        document = f"query($id: ID!) {{ node(id: $id) {{ {selection} }} }}"
        result, taken = await _compiled_both_ways(api, http, document, {"id": record}, owner)
        assert taken == compiled, selection
        assert result.data["node"] is not None, (selection, result.errors)


OTHERS = """{ me { id } roles { id } departments { id } pipelines { id stages { id } }
  auditLog(first: 2) { edges { node { id } } } }"""


@pytest.mark.parametrize("role", ROLES)
async def test_other_node_types_answer_alike_for_each_role(
    api: GraphQLClient, http: httpx.AsyncClient, role: str
) -> None:
    """The Node types beyond the records above (users, roles, departments, pipelines and their
    stages, audit entries, comments), every field without a required argument: compiled or
    not (the compiler decides), the same answer."""
    await load_demo(companies=5, contacts=10, deals=10)
    owner = await _token(api, "owner")
    target = await _make_rows(api, owner)
    found = await api.ok(OTHERS, token=owner)
    comments = await api.ok(
        "query($t: ID!) { comments(targetId: $t, first: 1) { edges { node { id } } } }",
        {"t": target},
        token=owner,
    )
    ids = [
        found["me"]["id"],
        found["roles"][0]["id"],
        found["departments"][0]["id"],
        found["pipelines"][0]["id"],
        found["pipelines"][0]["stages"][0]["id"],
        *(edge["node"]["id"] for edge in found["auditLog"]["edges"]),
        comments["comments"]["edges"][0]["node"]["id"],
    ]
    token = await _token(api, role)
    for record in ids:
        type_name = base64.urlsafe_b64decode(record).decode().split(":")[0]
        type_ = CORE.get_type(type_name)
        assert isinstance(type_, graphql.GraphQLObjectType), type_name
        document = (
            f"query($id: ID!) {{ node(id: $id) {{ __typename ... on {type_name} "
            f"{{ {_selection(type_)} }} }} }}"
        )
        await _compiled_both_ways(api, http, document, {"id": record}, token)


async def test_a_comment_on_an_object_the_api_does_not_discuss_takes_the_plain_path(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    """The API comments on deals, tasks, contacts and companies only; a row discussing anything
    else (written outside it) is decided by the plain path, whatever the compiled WHERE says."""
    await load_demo(companies=5, contacts=10, deals=10)
    owner = await _token(api, "owner")
    target = await _make_rows(api, owner)
    comments = await api.ok(
        "query($t: ID!) { comments(targetId: $t, first: 1) { edges { node { id } } }"
        " leads(first: 1) { edges { node { id } } } }",
        {"t": target},
        token=owner,
    )
    comment = comments["comments"]["edges"][0]["node"]["id"]
    lead = comments["leads"]["edges"][0]["node"]["id"]
    await CommentModel.filter(pk=from_global_id(comment)).update(
        target_type="lead", target_id=from_global_id(lead)
    )
    document = f"query($id: ID!) {{ node(id: $id) {{ ... on Comment {{ {COMMENT} }} }} }}"
    result, taken = await _compiled_both_ways(api, http, document, {"id": comment}, owner)
    assert taken == 0 and result.data["node"]["id"] == comment, result.errors
