"""The caller's rows in scope as kept statements (models/access/rows.py ``readable_statement``):
compiled reads embed a relation's and a record's rows in scope without building their SQL per
request. A statement is kept under the caller's scope key, so a change of scope (a move to
another department) reads by the new scope at once, compiled as the plain path reads it.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from models import fast_paths
from models.access import policy
from models.access.catalogue import CATALOGUE
from models.access.gate import Gate
from models.access.principal import Principal
from models.access.role_templates import TEMPLATES
from models.access.rows import readable_rows, readable_statement
from models.records import DECLARED
from models.tortoise_adapter import meta, parameterized
from tests.server.test_fast_paths_agree import _answer, _taken
from tests.support import crm
from tests.support.accounts import signed_in
from tests.support.fast_paths import (
    all_off,
    settings_overrides,  # noqa: F401 (this app: fast paths on)
)
from tests.support.graphql import GraphQLClient

USER_UPDATE = "mutation($in: UserUpdateInput!) { userUpdate(input: $in) { id } }"
READS = """
query($sales: ID!, $marketing: ID!) {
  activities(first: 10) { edges { node { subject deal { title } } } }
  sales: node(id: $sales) { ... on Deal { title } }
  marketing: node(id: $marketing) { ... on Deal { title } }
}
"""


async def _read(
    api: GraphQLClient, http: httpx.AsyncClient, token: str, ids: dict[str, str]
) -> Any:
    """The reads compiled (all three root fields) and the same by the plain path: equal."""
    before = await _taken(http)
    compiled = _answer(await api.execute(READS, ids, token=token))
    after = await _taken(http)
    assert after[fast_paths.COMPILED_READS] - before[fast_paths.COMPILED_READS] == 3
    with all_off():
        assert _answer(await api.execute(READS, ids, token=token)) == compiled
    return compiled


async def test_a_move_to_another_department_reads_by_the_new_scope_at_once(
    api: GraphQLClient, http: httpx.AsyncClient
) -> None:
    sales, marketing = await crm.department("Sales"), await crm.department("Marketing")
    owner = await signed_in(api, "owner")
    me = await signed_in(api, "salesperson")  # deals: read scope "department"
    colleague = await signed_in(api, "salesperson", email="colleague@acme.test")
    other = await signed_in(api, "salesperson", email="other@acme.test", department="Marketing")
    theirs = await crm.deal(colleague.user, sales, title="Sales deal")
    across = await crm.deal(other.user, marketing, title="Marketing deal")
    await crm.activity(me.user, sales, subject="My call", deal=theirs)
    ids = {"sales": crm.gid(theirs), "marketing": crm.gid(across)}

    data, errors = await _read(api, http, me.access_token, ids)
    assert data["activities"]["edges"][0]["node"] == {
        "subject": "My call",
        "deal": {"title": "Sales deal"},
    }
    assert data["sales"] == {"title": "Sales deal"} and data["marketing"] is None
    assert [code for _, _, code in errors] == ["NOT_FOUND"]

    move = {"id": crm.gid(me.user), "departmentIds": [crm.gid(marketing)]}
    await api.ok(USER_UPDATE, {"in": move}, token=owner.access_token)

    data, errors = await _read(api, http, me.access_token, ids)
    # My own activity still; the deal it is about is now out of my scope, and the other
    # department's deal in it.
    assert data["activities"]["edges"][0]["node"] == {"subject": "My call", "deal": None}
    assert data["sales"] is None and data["marketing"] == {"title": "Marketing deal"}
    assert sorted(path for path, _, _ in errors) == ["activities.edges.0.node.deal", "sales"]


def _principal(user_id: int, departments: frozenset[int], permissions: Any) -> Principal:
    return Principal(
        user_id=user_id,
        email=f"u{user_id}@acme.test",
        role_id=1,
        role_level=10,
        department_ids=departments,
        policy=policy.load(permissions),
    )


@pytest.mark.parametrize("template", [t.key for t in TEMPLATES])
async def test_a_kept_statement_is_the_one_built_for_each_caller(
    api: GraphQLClient, template: str
) -> None:
    """Every role template, every readable record object: the kept statement of callers with
    different keys and departments is, each time, the statement their own rows build."""
    role = next(t for t in TEMPLATES if t.key == template)
    callers = [
        _principal(7, frozenset({1, 2}), role.permissions),
        _principal(8, frozenset({3}), role.permissions),
        _principal(7, frozenset(), role.permissions),
    ]
    for obj, record in DECLARED.items():
        model = record.model
        columns = [meta(model).db_pk_column]
        for principal in callers * 2:  # the second round from the kept statements
            gate = Gate(principal)
            if obj not in CATALOGUE or not gate.can("read", obj):
                continue
            sql, params, _ = parameterized(readable_rows(gate, obj, model).only(*columns))
            assert readable_statement(gate, obj, model, columns) == (sql, params), (obj, principal)
