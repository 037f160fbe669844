"""The permission matrix for comments: every role template x field x operation.

Comments are listed per discussed record (comments(targetId:)), created with a target, and
written only by their author (every template's writeScope is "own"), so they get their own
walk over the same world as the other records (tests/permissions/test_matrix.py).
"""

from __future__ import annotations

import pytest

from models.access.catalogue import CATALOGUE
from models.comment import Comment
from models.user import User
from tests.permissions.test_matrix import ROLES, World, arrange, grant
from tests.support import crm
from tests.support.graphql import GraphQLClient
from tests.support.matrix import selection

CREATE = """
mutation($t: ID!) { commentCreate(input: { targetId: $t, body: "Agreed" }) { id } }
"""
UPDATE = """
mutation($id: ID!) { commentUpdate(input: { id: $id, body: "Edited" }) { id body } }
"""
DELETE = "mutation($id: ID!) { commentDelete(id: $id) }"


async def _comments(world: World) -> dict[str, Comment]:
    """A comment on the caller's deal by the caller, by a colleague and by an outsider."""
    deal = world.mine["deal"]
    made = {}
    for key, email in (
        ("mine", world.me.email),
        ("colleague", "colleague@acme.test"),
        ("outsider", "outsider@acme.test"),
    ):
        author = await User.get(email=email)
        made[key] = await Comment.create(
            owner_id=author.id,
            department_id=deal.department_id,
            target_type="deal",
            target_id=deal.id,
            body=f"By {key}",
        )
    return made


def _sees_deal(role: str) -> bool:
    # The world's deal is the caller's own: any deal read scope covers it.
    return "read" in grant(role, "deal").ops


@pytest.mark.parametrize("role", ROLES)
async def test_comment_fields_and_counts_follow_the_policy(api: GraphQLClient, role: str) -> None:
    world = await arrange(api, role)
    await _comments(world)
    g, token = grant(role, "comment"), world.me.access_token
    fields = list(CATALOGUE["comment"].fields)
    body = " ".join(f"f{i}: {selection('comment', name)}" for i, name in enumerate(fields))
    query = "query($t: ID!) { comments(targetId: $t) { totalCount edges { node { id "
    query += f"{body} }} }} }} }}"

    result = await api.execute(query, {"t": world.ids["deal"]}, token=token)

    if "read" not in g.ops:
        assert result.data is None and result.codes == ["FORBIDDEN"]
        return
    if not _sees_deal(role):
        # A discussion of a record one may not see is as absent as the record.
        assert result.data is None and result.codes == ["NOT_FOUND"]
        return
    assert result.data is not None
    listed = result.data["comments"]
    expected = {"all": 3, "department": 3, "own": 1}[g.read_scope]
    assert listed["totalCount"] == expected == len(listed["edges"])
    for i, name in enumerate(fields):
        codes = [e["extensions"]["code"] for e in result.errors if e["path"][-1] == f"f{i}"]
        if name in g.readable:
            assert "FORBIDDEN" not in codes, f"{role} should read comment.{name}"
        else:
            assert codes == ["FORBIDDEN"] * expected, f"{role} must not read comment.{name}"


@pytest.mark.parametrize("role", ROLES)
async def test_comment_writes_follow_the_policy(api: GraphQLClient, role: str) -> None:
    world = await arrange(api, role)
    made = await _comments(world)
    g, token = grant(role, "comment"), world.me.access_token
    before = await Comment.all().count()

    created = await api.execute(CREATE, {"t": world.ids["deal"]}, token=token)
    mine = await api.execute(UPDATE, {"id": crm.gid(made["mine"])}, token=token)
    theirs = await api.execute(UPDATE, {"id": crm.gid(made["colleague"])}, token=token)
    deleted = await api.execute(DELETE, {"id": crm.gid(made["mine"])}, token=token)

    visible = "read" in g.ops and _sees_deal(role)
    may_create = visible and "create" in g.ops and "body" in g.writable
    assert (created.codes == []) == may_create, f"{role} create: {created.errors}"
    assert await Comment.all().count() == before + (1 if may_create else 0)
    may_edit = visible and "update" in g.ops and "body" in g.writable
    assert (mine.codes == []) == may_edit, f"{role} edit own: {mine.errors}"
    # Nobody rewrites another author's words, whatever their role.
    assert theirs.codes == (["FORBIDDEN"] if _sees_deal(role) else ["NOT_FOUND"]), role
    assert (await Comment.get(id=made["colleague"].id)).body == "By colleague"
    may_delete = visible and "delete" in g.ops
    assert (deleted.codes == []) == may_delete, f"{role} delete own: {deleted.errors}"
    row = await Comment.get(id=made["mine"].id)
    assert (row.deleted_at is not None) == may_delete
